//! Opening the editing desk in the user's browser. Never fatal: without a browser (a server, a
//! test) the address `serve` printed is what the user opens.
//!
//! On Windows the address goes to `ShellExecuteW` (shell32, part of every Windows), which hands
//! it to the default browser as one string. It never passes through `cmd /c start`: cmd reads
//! `&`, `^`, `%` and quotes in a command line as its own syntax, and a managed PC may have the
//! command prompt switched off by policy (`DisableCMD`), which would leave the browser closed.

/// Whether `url` is an address this may hand to the system: `http://` and only the characters
/// of RFC 3986 (no spaces, quotes or other characters a shell or launcher could read as its
/// own). The desk's address always is; anything else is a bug, not something to open.
pub fn openable(url: &str) -> bool {
    url.starts_with("http://")
        && url.len() > "http://".len()
        && url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b))
}

/// Opens `url` in the default browser; says so if it cannot.
pub fn open(url: &str) {
    if !openable(url) {
        cannot_open();
        return;
    }
    let url = url.to_string();
    // On a thread of its own: the system may take a moment to start a browser, and a child
    // process is waited for there, so it leaves no zombie behind.
    std::thread::spawn(move || {
        if !launch(&url) {
            cannot_open();
        }
    });
}

/// Said on stderr, ignoring a closed terminal: the preview goes on without a browser.
fn cannot_open() {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "Kunne ikke åbne browseren; åbn adressen efter \"Skrivebord:\" selv."
    );
}

#[cfg(windows)]
fn launch(url: &str) -> bool {
    use std::ffi::c_void;
    use std::os::windows::ffi::OsStrExt;
    const SW_SHOWNORMAL: i32 = 1;
    const COINIT_APARTMENTTHREADED: u32 = 0x2;
    const COINIT_DISABLE_OLE1DDE: u32 = 0x4;
    #[link(name = "shell32")]
    extern "system" {
        fn ShellExecuteW(
            hwnd: *mut c_void,
            operation: *const u16,
            file: *const u16,
            parameters: *const u16,
            directory: *const u16,
            show: i32,
        ) -> isize;
    }
    #[link(name = "ole32")]
    extern "system" {
        fn CoInitializeEx(reserved: *mut c_void, flags: u32) -> i32;
    }
    let wide = |s: &str| -> Vec<u16> {
        std::ffi::OsStr::new(s)
            .encode_wide()
            .chain(std::iter::once(0))
            .collect()
    };
    let (verb, file) = (wide("open"), wide(url));
    // SAFETY: both strings are NUL-terminated UTF-16 that live across the call; null handles
    // and parameters are allowed. COM is initialised on this thread first, as ShellExecute's
    // documentation asks (a failure there only means it was already initialised).
    let code = unsafe {
        CoInitializeEx(
            std::ptr::null_mut(),
            COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE,
        );
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // Above 32 is success; 32 and below are error codes.
    code > 32
}

#[cfg(not(windows))]
fn launch(url: &str) -> bool {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| child.wait())
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The desk's addresses, as `serve` makes them, are opened.
    #[test]
    fn desk_addresses_are_openable() {
        for url in [
            "http://127.0.0.1:1112/__skriv/?token=0123456789abcdef",
            "http://[::1]:1112/__skriv/?token=ab",
            "http://192.168.1.20:40000/__skriv/?token=ab",
        ] {
            assert!(openable(url), "{url}");
        }
    }

    /// Nothing a shell or launcher could read as its own reaches the system: spaces, quotes,
    /// cmd's `^` and `"`, another scheme, an option.
    #[test]
    fn other_strings_are_not_opened() {
        for url in [
            "",
            "http://",
            "https://example.org/",
            "file:///C:/Windows/System32/calc.exe",
            "--help",
            "http://127.0.0.1/ & calc",
            "http://127.0.0.1/\"&calc",
            "http://127.0.0.1/^&calc",
            "http://127.0.0.1/\nx",
            "http://127.0.0.1/<x>",
            "http://127.0.0.1/å",
        ] {
            assert!(!openable(url), "{url:?}");
        }
    }
}
