//! The Tauri commands, expanded from the one table in `qunzhu_core::commands`: each row becomes
//! a command that runs its core call off the UI thread (`App::run`), on a file the user chose
//! (`App::run_on_file`), as a job with progress and cancel, or on the data folder. Below the
//! expansion, the few commands that need the shell itself (dialogs, notifications, the opener).

use crate::files::{self, Access};
use crate::App;
use qunzhu_core::commands::prelude::*;
use qunzhu_core::jobs::Job;
use qunzhu_core::ErrorReport;
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{Runtime, State};

type Res<T> = Result<T, ErrorReport>;

/// Runs `work` as a job: its progress sent on the window's channel, its cancel flag the one
/// `cancel_job` raises.
fn with_job<P: tauri::ipc::IpcResponse + Clone, T>(progress: &Channel<P>, cancel: &std::sync::atomic::AtomicBool, work: impl FnOnce(&Job<P>) -> T) -> T {
    let report = |p: P| drop(progress.send(p));
    work(&Job::new(&report, cancel))
}

/// One row of the table as a Tauri command.
macro_rules! command {
    ([] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$st:ident| $body:expr) => {
        #[tauri::command]
        pub async fn $name(s: State<'_, App>, $($arg: $ty),*) -> Res<$ret> {
            App::run(s, move |$st: &Store| $body).await
        }
    };
    ([read] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$st:ident, $path:ident| $body:expr) => {
        command!(@file Access::Read, $name ($($arg: $ty),*) -> $ret = |$st, $path| $body);
    };
    ([write($($save:expr),+)] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$st:ident, $path:ident| $body:expr) => {
        command!(@file Access::Write(&[$($save),+]), $name ($($arg: $ty),*) -> $ret = |$st, $path| $body);
    };
    (@file $access:expr, $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$st:ident, $path:ident| $body:expr) => {
        #[tauri::command]
        pub async fn $name(s: State<'_, App>, path: PathBuf, $($arg: $ty),*) -> Res<$ret> {
            App::run_on_file(s, path, $access, move |$st: &Store, $path: &Path| $body).await
        }
    };
    ([job($p:ty)] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$st:ident, $job:ident| $body:expr) => {
        #[tauri::command]
        pub async fn $name(s: State<'_, App>, $($arg: $ty,)* on_progress: Channel<$p>) -> Res<$ret> {
            let cancel = s.jobs.start(stringify!($name));
            App::run(s, move |$st: &Store| with_job(&on_progress, &cancel, |$job| $body)).await
        }
    };
    ([job($p:ty) read] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$st:ident, $path:ident, $job:ident| $body:expr) => {
        #[tauri::command]
        pub async fn $name(s: State<'_, App>, path: PathBuf, $($arg: $ty,)* on_progress: Channel<$p>) -> Res<$ret> {
            let cancel = s.jobs.start(stringify!($name));
            App::run_on_file(s, path, Access::Read, move |$st: &Store, $path: &Path| with_job(&on_progress, &cancel, |$job| $body)).await
        }
    };
    ([folder $($reopen:ident)?] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty = |$dir:ident, $st:ident| $body:expr) => {
        #[tauri::command]
        pub async fn $name(s: State<'_, App>, $($arg: $ty),*) -> Res<$ret> {
            App::run_on_folder(s, command!(@reopen $($reopen)?), move |$dir: &Path, $st: Option<&Store>| $body).await
        }
    };
    (@reopen reopen) => { true };
    (@reopen) => { false };
    // Written by hand below.
    ([shell] $name:ident ($($arg:ident: $ty:ty),*) -> $ret:ty) => {};
}

macro_rules! tauri_commands {
    ($( [$($kind:tt)*] $name:ident ($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $(= |$($p:ident),*| $body:expr)? ; )*) => {
        $( command!([$($kind)*] $name ($($arg: $ty),*) -> $ret $(= |$($p),*| $body)?); )*

        pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }
    };
}

qunzhu_core::for_each_command!(tauri_commands);

/// Reminders due now (and those missed while the app was closed), each returned once, with a
/// desktop notification.
#[tauri::command]
pub async fn due_reminders<R: Runtime>(s: State<'_, App>, handle: tauri::AppHandle<R>) -> Res<Vec<birthdays::Reminder>> {
    App::run(s, move |st| crate::reminders::check(&handle, st)).await
}

/// Tasks that fell due since the last check (at start: those missed while Qunzhu was closed),
/// with a desktop notification.
#[tauri::command]
pub async fn due_tasks<R: Runtime>(handle: tauri::AppHandle<R>, s: State<'_, App>) -> Res<Vec<calendar::Task>> {
    App::run(s, move |st| crate::reminders::check_tasks(&handle, st)).await
}

/// A roster's or a guest talk's poster: drawn (and saved with `save`); a guest's photo must be
/// a file the user chose.
#[tauri::command]
pub async fn occasion_poster(s: State<'_, App>, template: String, occasion: posters::Occasion, save: bool, allow_undrawable: bool) -> Res<posters::Poster> {
    let grants = s.grants.clone();
    App::run(s, move |st| {
        if let Some(photo) = occasion.photo() {
            grants.readable(photo)?;
        }
        posters::occasion_poster(st, render::Fonts::shared()?, &template, &occasion, save, allow_undrawable)
    })
    .await
}

/// Opens a file Qunzhu wrote (a PDF in the system viewer, a PNG folder in the file manager); only
/// inside the data folder's exports.
#[tauri::command]
pub async fn open_export<R: Runtime>(app: tauri::AppHandle<R>, s: State<'_, App>, path: String) -> Res<()> {
    use tauri_plugin_opener::OpenerExt;
    let file = App::run(s, move |st| posters::exported(st, Path::new(&path))).await?;
    app.opener()
        .open_path(file.display().to_string(), None::<&str>)
        .map_err(|e| ErrorReport::other("open", e.to_string()))
}

/// Shows a file Qunzhu wrote in the system's file manager, selected; only inside the exports.
#[tauri::command]
pub async fn reveal_export(s: State<'_, App>, path: String) -> Res<()> {
    let file = App::run(s, move |st| posters::exported(st, Path::new(&path))).await?;
    tauri_plugin_opener::reveal_item_in_dir(&file).map_err(|e| ErrorReport::other("open", e.to_string()))
}

/// Puts an exported PNG on the clipboard as a picture, to paste into WeChat.
#[tauri::command]
pub async fn copy_export_image<R: Runtime>(app: tauri::AppHandle<R>, s: State<'_, App>, path: String) -> Res<()> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let (rgba, width, height) = App::run(s, move |st| posters::exported_image(st, Path::new(&path))).await?;
    app.clipboard()
        .write_image(&tauri::image::Image::new_owned(rgba, width, height))
        .map_err(|e| ErrorReport::other("clipboard", e.to_string()))
}

/// The system's file picker (see `files`).
#[tauri::command]
pub async fn choose_file<R: Runtime>(window: tauri::WebviewWindow<R>, s: State<'_, App>, pick: grants::Pick) -> Res<Option<String>> {
    files::choose_file(window, s, pick).await
}

/// The system's save dialog (see `files`).
#[tauri::command]
pub async fn choose_save<R: Runtime>(window: tauri::WebviewWindow<R>, s: State<'_, App>, save: grants::Save, name: String) -> Res<Option<String>> {
    files::choose_save(window, s, save, name).await
}

/// Stops the running job started by the command `job` (`run_import`, `render_certificates`,
/// `import_chat`) at its next check; nothing it did is kept.
#[tauri::command]
pub async fn cancel_job(s: State<'_, App>, job: String) -> Res<()> {
    s.jobs.cancel(&job);
    Ok(())
}
