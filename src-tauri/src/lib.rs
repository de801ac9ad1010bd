//! The Tauri shell: opens the store, registers the commands, runs the window. Everything a
//! command does lives in qunzhu-core; see `commands`.

pub mod commands;
pub mod files;

use qunzhu_core::grants::Grants;
use qunzhu_core::{ErrorReport, Lang, Store};
use std::path::PathBuf;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use tauri::{Runtime, State};

/// The store, or the reason it could not be opened (a database from a newer Qunzhu, a failed
/// upgrade, an unreadable folder), which each command then reports to the UI.
type Opened = Arc<Result<Store, ErrorReport>>;

/// What every command reaches: the data folder and what opening it gave. A restore from a
/// backup replaces it (the one way out of a store that did not open).
#[derive(Clone)]
pub struct App {
    data_dir: PathBuf,
    store: Arc<RwLock<Opened>>,
    /// The cancel flag of each running job, by the command that started it (`cancel_job`).
    pub(crate) jobs: Arc<Jobs>,
    /// The files the user chose in a picker or dropped on the window: the only paths the
    /// window's commands read or write (see `files`).
    pub(crate) grants: Arc<Grants>,
    /// Debug builds only: a file whose lines answer the pickers in turn (the e2e suite cannot
    /// reach the system's dialog). `QUNZHU_E2E_CHOOSER`, or `with_chooser`.
    pub(crate) chooser: Option<PathBuf>,
}

impl App {
    pub fn new(data_dir: PathBuf, store: Result<Store, ErrorReport>) -> App {
        App {
            data_dir,
            store: Arc::new(RwLock::new(Arc::new(store))),
            jobs: Arc::default(),
            grants: Arc::new(Grants::default()),
            chooser: if cfg!(debug_assertions) { std::env::var_os("QUNZHU_E2E_CHOOSER").filter(|v| !v.is_empty()).map(PathBuf::from) } else { None },
        }
    }

    /// Debug builds only: the pickers answer from the lines of `queue` (see `files`).
    pub fn with_chooser(mut self, queue: PathBuf) -> App {
        if cfg!(debug_assertions) {
            self.chooser = Some(queue);
        }
        self
    }

    /// The language the user chose, whether or not the store opened.
    pub(crate) fn lang(&self) -> Lang {
        match self.opened().as_ref() {
            Ok(store) => store.lang(),
            Err(_) => qunzhu_core::store::lang_in(&self.data_dir).unwrap_or_default(),
        }
    }

    /// Opens the data folder the way the app does at start.
    pub fn open(data_dir: PathBuf) -> App {
        let lang = || qunzhu_core::store::lang_in(&data_dir).unwrap_or_default();
        let opened = Store::open_for_app(data_dir.clone()).map_err(|e| ErrorReport::new(&qunzhu_core::store::explain(e, &data_dir), lang()));
        App::new(data_dir, opened)
    }

    fn opened(&self) -> Opened {
        self.store.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Runs one core operation off the UI thread; its error crosses IPC as `{code, message}`
    /// in the language the user chose.
    pub async fn run<T, F>(state: State<'_, App>, f: F) -> Result<T, ErrorReport>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> qunzhu_core::Result<T> + Send + 'static,
    {
        let opened = state.inner().opened();
        let joined = tokio::task::spawn_blocking(move || match opened.as_ref() {
            Ok(store) => f(store).map_err(|e| ErrorReport::new(&qunzhu_core::store::explain(e, store.data_dir()), store.lang())),
            Err(startup) => Err(startup.clone()),
        })
        .await;
        joined.unwrap_or_else(|e| Err(ErrorReport::other("internal", e.to_string())))
    }

    /// Runs an operation on the data folder itself (listing and restoring backups), which works
    /// whether or not the store opened. With `reopen` (a restore), a store that had not opened
    /// is opened again after `f`.
    pub async fn run_on_folder<T, F>(state: State<'_, App>, reopen: bool, f: F) -> Result<T, ErrorReport>
    where
        T: Send + 'static,
        F: FnOnce(&std::path::Path, Option<&Store>) -> qunzhu_core::Result<T> + Send + 'static,
    {
        let app = state.inner().clone();
        let joined = tokio::task::spawn_blocking(move || {
            let opened = app.opened();
            let lang = opened.as_ref().as_ref().map(|s| s.lang()).unwrap_or_else(|_| qunzhu_core::store::lang_in(&app.data_dir).unwrap_or_default());
            let out = f(&app.data_dir, opened.as_ref().as_ref().ok()).map_err(|e| ErrorReport::new(&qunzhu_core::store::explain(e, &app.data_dir), lang))?;
            if reopen && opened.is_err() {
                let reopened = Store::open_for_app(app.data_dir.clone()).map_err(|e| ErrorReport::new(&e, lang));
                *app.store.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(reopened);
            }
            Ok(out)
        })
        .await;
        joined.unwrap_or_else(|e| Err(ErrorReport::other("internal", e.to_string())))
    }
}

/// The cancel flags of long jobs, one per command: a new run of a command gets a fresh flag, so a
/// cancel meant for the last run never stops the next.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Arc<AtomicBool>>>);

impl Jobs {
    pub fn start(&self, command: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(command.to_string(), flag.clone());
        flag
    }

    pub fn cancel(&self, command: &str) {
        if let Some(flag) = self.0.lock().unwrap_or_else(|p| p.into_inner()).get(command) {
            flag.store(true, Ordering::Relaxed);
        }
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
    builder
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .on_window_event(files::grant_dropped)
        .manage(app).invoke_handler(commands::handler())
}

pub fn run() {
    let app = App::open(data_dir_from_args(std::env::args()));
    let reminders = app.clone();
    build_app(tauri::Builder::default(), app)
        .setup(move |handle| {
            // An installed app finds its fonts among its resources (tauri.conf.json bundles them).
            if std::env::var_os("QUNZHU_ASSETS_DIR").is_none() {
                use tauri::Manager;
                if let Some(dir) = handle.path().resource_dir().ok().map(|r| r.join("assets")).filter(|d| d.join("fonts").is_dir()) {
                    std::env::set_var("QUNZHU_ASSETS_DIR", dir);
                }
            }
            reminders::watch(handle.handle().clone(), reminders);
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Qunzhu");
}

/// Birthday reminders and calendar tasks falling due while the app runs: the UI asks once at
/// start (and shows what was missed while Qunzhu was closed); after that a background check each
/// minute catches a new day and each task's time.
pub mod reminders {
    use crate::App;
    use qunzhu_core::birthdays::{self, Reminder};
    use qunzhu_core::calendar::{self, Task};
    use qunzhu_core::{Lang, Store};
    use tauri::{AppHandle, Emitter, Runtime};

    /// Reminders due now, each returned once; a desktop notification sums up the new ones.
    pub fn check<R: Runtime>(handle: &AppHandle<R>, store: &Store) -> qunzhu_core::Result<Vec<Reminder>> {
        let due = birthdays::due_reminders(store, qunzhu_core::store::today())?;
        if !due.is_empty() && birthdays::get_settings(store)?.notify {
            notify(handle, store.lang(), &due);
        }
        Ok(due)
    }

    fn notify<R: Runtime>(handle: &AppHandle<R>, lang: Lang, due: &[Reminder]) {
        use tauri_plugin_notification::NotificationExt;
        let names: Vec<String> = due.iter().map(|r| r.birthday.name.clone()).collect();
        let today = due.iter().filter(|r| r.birthday.days_until == 0).count();
        let (title, body) = match lang {
            Lang::Zh => (
                if today > 0 { format!("今天有 {today} 位成员过生日") } else { "生日提醒".to_string() },
                format!("{}。打开群主查看生日会名单和祝福话术。", names.join("、")),
            ),
            Lang::En => (
                if today > 0 { format!("{today} birthdays today") } else { "Birthday reminders".to_string() },
                format!("{}. Open Qunzhu for the roster and the message.", names.join(", ")),
            ),
        };
        // No notification service (a bare X session): the in-app list still shows them.
        let _ = handle.notification().builder().title(title).body(body).show();
    }

    /// Tasks whose time came since the last check, each returned once; a desktop notification
    /// names them (one: its title and 话术; several: how many and the first titles).
    pub fn check_tasks<R: Runtime>(handle: &AppHandle<R>, store: &Store) -> qunzhu_core::Result<Vec<Task>> {
        let due = calendar::due_tasks(store, chrono::Local::now().naive_local())?;
        if !due.is_empty() && calendar::get_settings(store)?.notify {
            use tauri_plugin_notification::NotificationExt;
            let (title, body) = task_notification(store.lang(), &due);
            let _ = handle.notification().builder().title(title).body(body).show();
        }
        Ok(due)
    }

    pub fn task_notification(lang: Lang, due: &[Task]) -> (String, String) {
        let titles: Vec<String> = due.iter().take(3).map(|t| format!("{} {}", t.time, t.title)).collect();
        match (due, lang) {
            ([one], Lang::Zh) => (format!("{}（{}）", one.title, one.role), format!("{} · {}", one.cohort, one.message)),
            ([one], Lang::En) => (format!("{} ({})", one.title, one.role), format!("{} · {}", one.cohort, one.message)),
            (_, Lang::Zh) => (format!("{} 项任务到时间了", due.len()), format!("{}{}", titles.join("、"), if due.len() > 3 { " …" } else { "" })),
            (_, Lang::En) => (format!("{} tasks are due", due.len()), format!("{}{}", titles.join(", "), if due.len() > 3 { " …" } else { "" })),
        }
    }

    pub fn watch<R: Runtime>(handle: AppHandle<R>, app: App) {
        std::thread::Builder::new()
            .name("reminders".into())
            .spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(60));
                if let Ok(store) = app.opened().as_ref() {
                    if let Ok(due) = check(&handle, store) {
                        if !due.is_empty() {
                            let _ = handle.emit("birthday-reminders", &due);
                        }
                    }
                    if let Ok(due) = check_tasks(&handle, store) {
                        if !due.is_empty() {
                            let _ = handle.emit("tasks-due", &due);
                        }
                    }
                }
            })
            .expect("reminder thread");
    }
}
