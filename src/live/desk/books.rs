//! Books at the desk (desk-books): `api/bog…` endpoints. See DESK_API.md.

use super::{Desk, DeskRequest, Reply};

/// Answers the book endpoints; `None` for any other request.
pub fn route(_desk: &Desk, _req: &DeskRequest) -> Option<Reply> {
    None
}
