//! Photo upload for books (desk-books): `api/bog/foto`. See DESK_API.md.

use super::{Desk, DeskRequest, Reply};

/// Answers the photo endpoints; `None` for any other request.
pub fn route(_desk: &Desk, _req: &DeskRequest) -> Option<Reply> {
    None
}
