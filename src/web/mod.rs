//! `mobistat app`: a local web app over the same pipeline, for people who never open a
//! terminal. The binary serves it on the loopback interface (or, with `--listen`, where it is
//! told), prints its address with an access token and opens the default browser there.
//!
//! Stages, one file each: `guard` (who may ask), `files` and `upload` (where uploads go),
//! `project` (the inputs screen), `config_file` (mobistat.toml read and saved), `runs` (check,
//! report and reconcile as child processes), `outputs` (what the page shows and downloads of
//! their outputs), `routes` (the HTTP interface) and `page` (the page and its assets).

mod config_file;
mod files;
mod guard;
mod outputs;
mod page;
mod project;
mod routes;
mod runs;
mod upload;

use crate::error::{Error, Result};
use crate::i18n::Language;
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

/// How the app is started.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project folder: mobistat.toml and inputs/.
    pub dir: PathBuf,
    /// Where to listen instead of the loopback interface.
    pub listen: Option<SocketAddr>,
    /// The loopback port (0: a free one).
    pub port: u16,
    /// Whether to open the default browser at the address.
    pub open_browser: bool,
    /// The screens' language (`--lang`), before the project's config's.
    pub language: Option<Language>,
}

/// The address to listen on: the loopback interface unless `--listen` names another. There is
/// no other way to a non-loopback address.
pub fn listen_address(listen: Option<SocketAddr>, port: u16) -> SocketAddr {
    listen.unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port))
}

/// Serves the app until the process is stopped; says its address on `out` first.
pub fn serve(options: Options, out: &mut dyn Write) -> Result<()> {
    let dir = options.dir.clone();
    std::fs::create_dir_all(dir.join(project::INPUTS)).map_err(|e| Error::Write {
        path: dir.join(project::INPUTS).display().to_string(),
        reason: e.to_string(),
    })?;
    let dir = std::fs::canonicalize(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Listen {
            addr: String::new(),
            reason: e.to_string(),
        })?;
    runtime.block_on(async move {
        let addr = listen_address(options.listen, options.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::Listen {
                addr: addr.to_string(),
                reason: e.to_string(),
            })?;
        let bound = listener.local_addr().map_err(|e| Error::Listen {
            addr: addr.to_string(),
            reason: e.to_string(),
        })?;
        let exe = std::env::current_exe().map_err(|source| Error::Io {
            path: PathBuf::from("mobistat"),
            source,
        })?;
        let app = routes::App::new(bound, dir.clone(), exe, options.language);
        let host = if bound.ip().is_unspecified() {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), bound.port())
        } else {
            bound
        };
        let url = format!(
            "http://{host}/?{}={}",
            guard::ACCESS_PARAM,
            app.guard.access
        );
        let lang = app.language(None);
        let _ = writeln!(
            out,
            "{}",
            crate::i18n::fill(
                lang,
                "terminal.app.serving",
                &[("url", &url), ("dir", &dir.display().to_string())]
            )
        );
        let _ = out.flush();
        if options.open_browser {
            // No browser (a server without a desktop) is no failure: the address is printed.
            let _ = opener::open_browser(&url);
        }
        axum::serve(listener, routes::router(app))
            .await
            .map_err(|e| Error::Listen {
                addr: bound.to_string(),
                reason: e.to_string(),
            })
    })
}

/// The project folder of a launch with no command (from a file manager): Documents/mobistat
/// in the person's home folder, else mobistat there, else the current folder.
pub fn default_project_dir() -> PathBuf {
    match std::env::home_dir() {
        Some(home) if home.join("Documents").is_dir() => home.join("Documents").join("mobistat"),
        Some(home) => home.join("mobistat"),
        None => PathBuf::from("."),
    }
}

/// Whether the program was started from a file manager rather than from a shell or a script:
/// on Windows, a console that this process alone owns (Explorer opened it for us); elsewhere,
/// a graphical session with no terminal on any of the three standard streams.
pub fn started_from_file_manager() -> bool {
    #[cfg(windows)]
    {
        #[link(name = "kernel32")]
        extern "system" {
            fn GetConsoleProcessList(list: *mut u32, count: u32) -> u32;
        }
        let mut ids = [0u32; 4];
        // SAFETY: the buffer holds `count` entries; the call writes at most that many.
        let n = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        n == 1
    }
    #[cfg(not(windows))]
    {
        use std::io::IsTerminal;
        let graphical = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
        let terminals = [
            std::io::stdin().is_terminal(),
            std::io::stdout().is_terminal(),
            std::io::stderr().is_terminal(),
        ];
        desktop_launch(graphical, terminals)
    }
}

/// Outside Windows: a launch from a desktop's file manager has a graphical session and no
/// terminal on any standard stream. A shell has a terminal; a script run from one too; a
/// script without one (cron, CI) has no graphical session.
#[cfg_attr(windows, allow(dead_code))]
fn desktop_launch(graphical: bool, terminals: [bool; 3]) -> bool {
    graphical && terminals.iter().all(|t| !t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_starts_by_itself_only_from_a_desktop_file_manager() {
        assert!(desktop_launch(true, [false, false, false]));
        // A shell, or a script run in one.
        assert!(!desktop_launch(true, [true, true, true]));
        assert!(!desktop_launch(true, [false, false, true]));
        // cron or CI: no graphical session.
        assert!(!desktop_launch(false, [false, false, false]));
    }

    #[test]
    fn without_listen_the_app_is_on_the_loopback_interface_only() {
        let a = listen_address(None, 0);
        assert!(a.ip().is_loopback());
        let a = listen_address(None, 8123);
        assert_eq!(a.to_string(), "127.0.0.1:8123");
        let wide: SocketAddr = "0.0.0.0:9000".parse().unwrap();
        assert_eq!(listen_address(Some(wide), 8123), wide);
    }
}
