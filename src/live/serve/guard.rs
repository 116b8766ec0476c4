//! The one layer in front of every route: who may ask, and under which name.
//!
//! - `Host` must be a loopback name (`127.0.0.1`, `localhost`, `[::1]`) or the address the
//!   connection came in on, always with the listener's port. A web page that points its own
//!   domain at 127.0.0.1 (DNS rebinding) sends its domain as `Host` and is refused with 421.
//! - `Origin`, when a browser sends it, must be this listener's own origin: the handbook's pages
//!   (which may run any script from content) are another origin than the books'.
//! - The private listener (books, and the editing desk next) answers only this machine, and only
//!   top-level navigations from other sites (`Sec-Fetch-*`): no other page may embed or fetch it.
//!
//! The checks are pure functions of the request head and the connection, so they are tested
//! here without sockets; tests/serve.rs checks them over HTTP.

use std::net::IpAddr;

/// Which of the two listeners a request came in on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The handbook preview: on `--bind` (127.0.0.1 by default), maybe seen by other machines.
    Handbook,
    /// Books (and the editing desk): always on 127.0.0.1, a port of its own, so no handbook
    /// script can read it (another port is another origin).
    Private,
}

/// A connection as the guard sees it.
#[derive(Clone, Copy, Debug)]
pub struct Place {
    pub side: Side,
    /// The port the listener is on; the only port `Host` and `Origin` may name.
    pub port: u16,
    /// The address the connection came in on (the server's side of it).
    pub local_ip: IpAddr,
    /// Whether the peer is this machine.
    pub peer_is_local: bool,
    /// `--skriv-paa-netvaerk`: other machines may reach the desk here (only the desk).
    pub remote_desk: bool,
}

/// A request head, reduced to what the guard decides on.
#[derive(Clone, Copy, Debug, Default)]
pub struct Head<'a> {
    pub method_is_safe: bool,
    /// The `Host` header; `None` if missing or sent more than once.
    pub host: Option<&'a str>,
    /// The authority of an absolute-form request target (`GET http://x/ HTTP/1.1`).
    pub target_authority: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub fetch_site: Option<&'a str>,
    pub fetch_mode: Option<&'a str>,
    pub fetch_dest: Option<&'a str>,
    /// The declared body length, if any.
    pub content_length: Option<u64>,
    /// Whether the path is the editing desk's (`/__skriv/…`).
    pub is_desk: bool,
}

/// The largest request body any route accepts: the editing desk's photo upload (each desk
/// route has its own limit, see `crate::live::desk::body_limit`).
pub const MAX_BODY: u64 = crate::live::desk::MAX_UPLOAD;

/// Why a request is refused; [`Refusal::status`] and a Danish page say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is not this server's name (DNS rebinding, or a proxy request): 421.
    ForeignHost,
    /// `Origin` or `Sec-Fetch-Site` says another page sent it: 403.
    ForeignOrigin,
    /// Another machine asked the private listener: 403.
    NotThisMachine,
    /// The body is larger than any route takes: 413.
    TooLarge,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::ForeignHost => 421,
            Refusal::ForeignOrigin | Refusal::NotThisMachine => 403,
            Refusal::TooLarge => 413,
        }
    }

    /// A short page in Danish. It never repeats what the request sent.
    pub fn page(self) -> String {
        let (title, text) = match self {
            Refusal::ForeignHost => (
                "Forkert adresse",
                "Forhåndsvisningen svarer kun, når den åbnes med adressen, som <code>bogbinder serve</code> skrev i terminalen (127.0.0.1 eller localhost og den port). Den her anmodning brugte et andet navn; det kan være en anden hjemmeside, der forsøger at læse med. Åbn adressen fra terminalen.",
            ),
            Refusal::ForeignOrigin => (
                "Afvist",
                "Anmodningen kom fra en anden side end forhåndsvisningen selv og er afvist. Åbn adressen, som <code>bogbinder serve</code> skrev i terminalen, direkte i browseren.",
            ),
            Refusal::NotThisMachine => (
                "Kun på denne maskine",
                "Bøgerne kan kun ses på den computer, hvor <code>bogbinder serve</code> kører, og aldrig over netværket.",
            ),
            Refusal::TooLarge => (
                "For stor",
                "Anmodningen er større, end forhåndsvisningen tager imod.",
            ),
        };
        format!(
            "<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>\n"
        )
    }
}

/// Lets the request through, or says why not. Runs before any route.
pub fn check(place: &Place, head: &Head) -> Result<(), Refusal> {
    if place.side == Side::Private && !place.peer_is_local && !(place.remote_desk && head.is_desk) {
        return Err(Refusal::NotThisMachine);
    }
    let host = head.host.ok_or(Refusal::ForeignHost)?;
    if !allowed_authority(place, host) {
        return Err(Refusal::ForeignHost);
    }
    // An absolute-form target names the server too (and wins over Host for some servers).
    if let Some(authority) = head.target_authority {
        if !allowed_authority(place, authority) {
            return Err(Refusal::ForeignHost);
        }
    }
    if let Some(origin) = head.origin {
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|a| allowed_authority(place, a));
        if !own {
            return Err(Refusal::ForeignOrigin);
        }
    }
    if place.side == Side::Private && !private_fetch_allowed(head) {
        return Err(Refusal::ForeignOrigin);
    }
    if head.content_length.is_some_and(|n| n > MAX_BODY) {
        return Err(Refusal::TooLarge);
    }
    Ok(())
}

/// Fetch metadata (sent by current browsers): from another site, or from the handbook's port
/// (same site, another origin), only a top-level navigation may reach the private listener; not
/// an image, a frame, a script or a `fetch()`.
fn private_fetch_allowed(head: &Head) -> bool {
    match head.fetch_site {
        None | Some("same-origin") | Some("none") => true,
        Some(_) => {
            head.method_is_safe
                && head.fetch_mode == Some("navigate")
                && matches!(head.fetch_dest, None | Some("document"))
        }
    }
}

/// Whether `authority` (`host[:port]`) names this listener.
fn allowed_authority(place: &Place, authority: &str) -> bool {
    let Some((host, port)) = split_authority(authority) else {
        return false;
    };
    // Browsers leave out the port only when it is the default one.
    if port.unwrap_or(80) != place.port {
        return false;
    }
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    // Only IP literals beyond `localhost`: a name could be anybody's (DNS rebinding).
    let Ok(ip) = host.parse::<IpAddr>() else {
        return false;
    };
    let ip = ip.to_canonical();
    ip == IpAddr::from([127, 0, 0, 1])
        || ip == IpAddr::from(std::net::Ipv6Addr::LOCALHOST)
        || (ip == place.local_ip.to_canonical() && !ip.is_unspecified())
}

/// `host:port`, `[v6]:port`, `host` or `[v6]`, with the brackets taken off; `None` if malformed.
fn split_authority(a: &str) -> Option<(&str, Option<u16>)> {
    if a.is_empty() || a.contains(['@', '/', ' ', '\\']) {
        return None;
    }
    let (host, port) = if let Some(rest) = a.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        match after {
            "" => (host, None),
            p => (host, Some(p.strip_prefix(':')?)),
        }
    } else {
        match a.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p)),
            Some(_) => return None,
            None => (a, None),
        }
    };
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(side: Side, local_ip: &str) -> Place {
        Place {
            side,
            port: 1111,
            local_ip: local_ip.parse().unwrap(),
            peer_is_local: true,
            remote_desk: false,
        }
    }

    fn head(host: &str) -> Head<'_> {
        Head {
            method_is_safe: true,
            host: Some(host),
            ..Head::default()
        }
    }

    #[test]
    fn host_must_be_a_loopback_name_with_the_port() {
        let p = place(Side::Handbook, "127.0.0.1");
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert_eq!(check(&p, &head(ok)), Ok(()), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "127.0.0.1:1112",
            "127.0.0.1",
            "localhost",
            "127.0.0.1:",
            "127.0.0.1:+1111",
            "user@127.0.0.1:1111",
            "0.0.0.0:1111",
            "[::]:1111",
            "192.168.1.20:1111",
            "",
            "x",
        ] {
            assert_eq!(check(&p, &head(bad)), Err(Refusal::ForeignHost), "{bad}");
        }
        let missing = Head {
            host: None,
            ..head("")
        };
        assert_eq!(check(&p, &missing), Err(Refusal::ForeignHost));
    }

    #[test]
    fn the_address_a_connection_came_in_on_is_its_name_too() {
        let lan = place(Side::Handbook, "192.168.1.20");
        assert_eq!(check(&lan, &head("192.168.1.20:1111")), Ok(()));
        assert_eq!(
            check(&lan, &head("192.168.1.21:1111")),
            Err(Refusal::ForeignHost)
        );
        let mapped = place(Side::Handbook, "::ffff:192.168.1.20");
        assert_eq!(check(&mapped, &head("192.168.1.20:1111")), Ok(()));
        // Port 80 may be left out, as browsers do.
        let p80 = Place {
            port: 80,
            ..place(Side::Handbook, "127.0.0.1")
        };
        assert_eq!(check(&p80, &head("localhost")), Ok(()));
    }

    #[test]
    fn an_absolute_target_must_name_this_server_too() {
        let p = place(Side::Handbook, "127.0.0.1");
        let h = Head {
            target_authority: Some("evil.example"),
            ..head("127.0.0.1:1111")
        };
        assert_eq!(check(&p, &h), Err(Refusal::ForeignHost));
    }

    #[test]
    fn origin_must_be_the_listeners_own() {
        let p = place(Side::Private, "127.0.0.1");
        let with = |origin| Head {
            origin: Some(origin),
            ..head("127.0.0.1:1111")
        };
        assert_eq!(check(&p, &with("http://127.0.0.1:1111")), Ok(()));
        assert_eq!(check(&p, &with("http://localhost:1111")), Ok(()));
        for bad in [
            "http://127.0.0.1:1112",
            "https://127.0.0.1:1111",
            "http://evil.example",
            "null",
            "",
        ] {
            assert_eq!(check(&p, &with(bad)), Err(Refusal::ForeignOrigin), "{bad}");
        }
    }

    #[test]
    fn the_private_side_takes_only_navigations_from_other_pages() {
        let p = place(Side::Private, "127.0.0.1");
        let fetch = |site, mode, dest| Head {
            fetch_site: Some(site),
            fetch_mode: Some(mode),
            fetch_dest: Some(dest),
            ..head("127.0.0.1:1111")
        };
        assert_eq!(
            check(&p, &fetch("same-site", "navigate", "document")),
            Ok(())
        );
        assert_eq!(check(&p, &fetch("none", "navigate", "document")), Ok(()));
        assert_eq!(check(&p, &fetch("same-origin", "cors", "empty")), Ok(()));
        for (site, mode, dest) in [
            ("same-site", "cors", "empty"),
            ("same-site", "no-cors", "image"),
            ("same-site", "navigate", "iframe"),
            ("cross-site", "no-cors", "script"),
            ("cross-site", "navigate", "iframe"),
        ] {
            assert_eq!(
                check(&p, &fetch(site, mode, dest)),
                Err(Refusal::ForeignOrigin),
                "{site} {mode} {dest}"
            );
        }
        // The handbook side is public: a link from another site may embed its images.
        let h = place(Side::Handbook, "127.0.0.1");
        assert_eq!(check(&h, &fetch("cross-site", "no-cors", "image")), Ok(()));
    }

    #[test]
    fn the_private_side_answers_only_this_machine() {
        let remote = Place {
            peer_is_local: false,
            ..place(Side::Private, "127.0.0.1")
        };
        assert_eq!(
            check(&remote, &head("127.0.0.1:1111")),
            Err(Refusal::NotThisMachine)
        );
        // With --skriv-paa-netvaerk only the desk is reached from elsewhere, never a book.
        let desk = Place {
            remote_desk: true,
            ..remote
        };
        let to_desk = Head {
            is_desk: true,
            ..head("127.0.0.1:1111")
        };
        assert_eq!(check(&desk, &to_desk), Ok(()));
        assert_eq!(
            check(&desk, &head("127.0.0.1:1111")),
            Err(Refusal::NotThisMachine)
        );
        let handbook = Place {
            peer_is_local: false,
            ..place(Side::Handbook, "192.168.1.20")
        };
        assert_eq!(check(&handbook, &head("192.168.1.20:1111")), Ok(()));
    }

    #[test]
    fn bodies_over_the_limit_are_refused() {
        let p = place(Side::Handbook, "127.0.0.1");
        let big = Head {
            content_length: Some(MAX_BODY + 1),
            ..head("127.0.0.1:1111")
        };
        assert_eq!(check(&p, &big), Err(Refusal::TooLarge));
    }
}
