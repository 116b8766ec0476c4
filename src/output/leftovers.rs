//! Staging folders left by builds that were killed (`.output.ny-<pid>`): a killed process cannot
//! clean up, and each leftover is a whole edition (hundreds of megabytes for a large handbook).
//! The next build removes them, but only folders bogbinder made (with [`MARKER`]) whose process no
//! longer runs on this machine; a build running at the same time keeps its folder.

use super::{is_ours, remove_tree_parallel, staging_prefix};
use std::path::Path;

/// Removes the leftovers beside `target`; one is kept as `previous` if there is none, so the next
/// build can reuse its files.
pub fn clean(target: &Path, previous: &Path) {
    let Some(parent) = target.parent() else {
        return;
    };
    let prefix = staging_prefix(target);
    // Old editions moved aside on Windows while an older one still held `previous` (`swap`).
    let aside = aside_prefix(target);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name();
        let Some((pid, staging)) = name.to_str().and_then(|n| {
            let (rest, staging) = match n.strip_prefix(&prefix) {
                Some(rest) => (rest, true),
                None => (n.strip_prefix(&aside)?, false),
            };
            Some((rest.parse::<u32>().ok()?, staging))
        }) else {
            continue;
        };
        let dir = entry.path();
        if pid == std::process::id() || !is_ours(&dir) || is_running(pid) {
            continue;
        }
        if !staging || is_ours(previous) || std::fs::rename(&dir, previous).is_err() {
            remove_tree_parallel(&dir);
        }
    }
}

/// The start of an old edition's name while it is moved aside: `.output.slettes-`.
fn aside_prefix(target: &Path) -> String {
    staging_prefix(target).replace(".ny-", ".slettes-")
}

/// Whether a process with this id runs (or may run: without a way to ask, it is assumed so).
fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        use rustix::io::Errno;
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        // Signal 0 only asks; "no such process" is the one answer that means it is gone.
        !matches!(rustix::process::test_kill_process(pid), Err(Errno::SRCH))
    }
    #[cfg(windows)]
    {
        windows::is_running(pid)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = pid;
        true
    }
}

/// Asking Windows about a process: kernel32 is linked into every Windows program, so its few
/// functions are declared here rather than taken from a crate.
#[cfg(windows)]
mod windows {
    use std::ffi::c_void;

    const PROCESS_QUERY_LIMITED_INFORMATION: u32 = 0x1000;
    const STILL_ACTIVE: u32 = 259;
    const ERROR_INVALID_PARAMETER: u32 = 87;

    #[link(name = "kernel32")]
    extern "system" {
        fn OpenProcess(access: u32, inherit: i32, pid: u32) -> *mut c_void;
        fn GetExitCodeProcess(process: *mut c_void, code: *mut u32) -> i32;
        fn CloseHandle(handle: *mut c_void) -> i32;
        fn GetLastError() -> u32;
    }

    /// Running unless Windows says there is no such process, or that it has ended.
    pub fn is_running(pid: u32) -> bool {
        // SAFETY: plain calls with a process id; the handle is checked and closed.
        unsafe {
            let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
            if handle.is_null() {
                // "Invalid parameter" is Windows' word for no process with this id; anything
                // else (access denied: another user's process) means it may run.
                return GetLastError() != ERROR_INVALID_PARAMETER;
            }
            let mut code = 0u32;
            let asked = GetExitCodeProcess(handle, &mut code);
            CloseHandle(handle);
            asked == 0 || code == STILL_ACTIVE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MARKER;

    /// A process id that is surely not running: a child that has exited and been waited for.
    fn dead_pid() -> u32 {
        // This test program listing its tests: there on every platform, and done at once.
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(any(unix, windows))]
    #[test]
    fn a_process_that_ended_is_not_running_and_this_one_is() {
        assert!(is_running(std::process::id()));
        assert!(!is_running(dead_pid()));
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_processes_go_others_stay() {
        let t = tempfile::tempdir().unwrap();
        let target = t.path().join("output");
        let previous = t.path().join(".output.forrige");
        let make = |name: &str, marked: bool| {
            let d = t.path().join(name);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("side.html"), "x").unwrap();
            if marked {
                std::fs::write(d.join(MARKER), "").unwrap();
            }
            d
        };
        let dead = dead_pid();
        let gone_a = make(&format!(".output.ny-{dead}"), true);
        let mine = make(&format!(".output.ny-{}", std::process::id()), true);
        let alive = make(".output.ny-1", true); // init always runs
        let foreign = make(&format!(".output.ny-{}", dead_pid()), false);
        let other_name = make(&format!(".andet.ny-{dead}"), true);
        let aside = make(&format!(".output.slettes-{}", dead_pid()), true);
        let aside_alive = make(".output.slettes-1", true);
        clean(&target, &previous);
        assert!(!gone_a.exists(), "a dead process's folder is removed");
        assert!(is_ours(&previous), "and kept as the previous edition");
        assert!(mine.exists() && alive.exists());
        assert!(
            foreign.exists(),
            "a folder without the marker is never touched"
        );
        assert!(other_name.exists());
        assert!(!aside.exists(), "an old edition moved aside is removed");
        assert!(aside_alive.exists());
        // A second leftover, with a previous edition already there, is deleted.
        let gone_b = make(&format!(".output.ny-{}", dead_pid()), true);
        clean(&target, &previous);
        assert!(!gone_b.exists());
    }
}
