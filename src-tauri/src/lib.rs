//! The Tauri shell: opens the store, registers the commands, runs the window. Everything a
//! command does lives in qunzhu-core; see `commands`.

pub mod commands;

use qunzhu_core::{ErrorReport, Lang, Store};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use tauri::{Runtime, State};

/// What every command reaches: the store, or the reason it could not be opened (a database
/// from a newer Qunzhu, an unreadable folder), which each command then reports to the UI.
#[derive(Clone)]
pub struct App {
    store: Arc<Result<Store, ErrorReport>>,
    /// Set by `cancel_import`; the running import checks it every 1,000 rows.
    pub(crate) cancel_import: Arc<AtomicBool>,
}

impl App {
    pub fn new(store: Result<Store, ErrorReport>) -> App {
        App { store: Arc::new(store), cancel_import: Arc::new(AtomicBool::new(false)) }
    }

    /// Opens the data folder the way the app does at start.
    pub fn open(data_dir: PathBuf) -> App {
        App::new(Store::open_for_app(data_dir).map_err(|e| ErrorReport::new(&e, Lang::from_env())))
    }

    /// Runs one core operation off the UI thread; its error crosses IPC as `{code, message}`
    /// in the language the user chose.
    pub async fn run<T, F>(state: State<'_, App>, f: F) -> Result<T, ErrorReport>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> qunzhu_core::Result<T> + Send + 'static,
    {
        let app = state.inner().clone();
        let joined = tokio::task::spawn_blocking(move || match app.store.as_ref() {
            Ok(store) => f(store).map_err(|e| ErrorReport::new(&e, store.lang())),
            Err(startup) => Err(startup.clone()),
        })
        .await;
        joined.unwrap_or_else(|e| Err(ErrorReport { code: "internal".into(), message: e.to_string() }))
    }
}

/// The data folder: `--data-dir DIR` on the command line, else `QUNZHU_DATA_DIR`, else the
/// OS app-data folder (the same one `qunzhu-cli` uses).
pub fn data_dir_from_args(args: impl IntoIterator<Item = String>) -> PathBuf {
    let args: Vec<String> = args.into_iter().collect();
    args.iter()
        .position(|a| a == "--data-dir")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--data-dir=").map(PathBuf::from)))
        .unwrap_or_else(qunzhu_core::store::default_data_dir)
}

/// Registers state and commands on a builder: the real app and the mock-runtime tests share it.
pub fn build_app<R: Runtime>(builder: tauri::Builder<R>, app: App) -> tauri::Builder<R> {
    builder.plugin(tauri_plugin_dialog::init()).manage(app).invoke_handler(commands::handler())
}

pub fn run() {
    let app = App::open(data_dir_from_args(std::env::args()));
    build_app(tauri::Builder::default(), app)
        .run(tauri::generate_context!())
        .expect("error while running Qunzhu");
}
