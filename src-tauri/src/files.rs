//! The file pickers. The shell opens the system's dialog itself and records its answer in
//! `App::grants`; a command that reads or writes a file the window names first checks that the
//! user chose it (`qunzhu_core::grants`). Files dropped on the window count as chosen.

use crate::App;
use qunzhu_core::grants::{Pick, Save};
use qunzhu_core::{ErrorReport, Store};
use std::path::{Path, PathBuf};
use tauri::{Runtime, State, WebviewWindow};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

type Res<T> = Result<T, ErrorReport>;

/// How a command uses the file the window named.
#[derive(Clone, Copy)]
pub enum Access {
    Read,
    /// A write to a path chosen in a save dialog for one of these kinds (a member export: CSV
    /// or Excel).
    Write(&'static [Save]),
}

impl App {
    /// `App::run` for a command on a file the window names: refused with `not_chosen` unless
    /// the user chose that path for this use.
    pub async fn run_on_file<T, F>(state: State<'_, App>, path: PathBuf, access: Access, f: F) -> Res<T>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &Path) -> qunzhu_core::Result<T> + Send + 'static,
    {
        let grants = state.grants.clone();
        App::run(state, move |st| {
            match access {
                Access::Read => grants.readable(&path)?,
                Access::Write(kinds) => grants.writable(&path, kinds)?,
            }
            f(st, &path)
        })
        .await
    }

    /// Debug builds with a chooser queue: the next answer (an empty line or an empty queue is
    /// a cancelled dialog). None: ask the real dialog.
    fn queued_answer(&self) -> Option<Option<PathBuf>> {
        let queue = self.chooser.as_ref()?;
        let text = std::fs::read_to_string(queue).unwrap_or_default();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("").trim().to_string();
        let rest: Vec<&str> = lines.collect();
        let _ = std::fs::write(queue, rest.join("\n"));
        Some((!first.is_empty()).then(|| PathBuf::from(first)))
    }
}

/// Shows a dialog over the window (`show` picks or saves with the callback it is given) and
/// waits for its answer off the async runtime's workers.
async fn ask<R: Runtime>(
    window: &WebviewWindow<R>,
    (title, filter): (&str, &str),
    extensions: &[&str],
    show: impl FnOnce(FileDialogBuilder<R>, Box<dyn FnOnce(Option<FilePath>) + Send>),
) -> Option<PathBuf> {
    let (tx, rx) = std::sync::mpsc::channel();
    let dialog = window.dialog().file().set_parent(window).set_title(title).add_filter(filter, extensions);
    show(dialog, Box::new(move |p| {
        let _ = tx.send(p);
    }));
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten().and_then(|p| p.into_path().ok())).await.ok().flatten()
}

/// Opens the system's file picker for `pick`; returns the chosen path (none: cancelled), which
/// the file commands then accept.
pub async fn choose_file<R: Runtime>(window: WebviewWindow<R>, s: State<'_, App>, pick: Pick) -> Res<Option<String>> {
    let app = s.inner().clone();
    let chosen = match app.queued_answer() {
        Some(queued) => queued,
        None => ask(&window, pick.title(app.lang()), pick.extensions(), |d, done| d.pick_file(done)).await,
    };
    Ok(chosen.map(|path| {
        app.grants.allow_read(&path);
        path.display().to_string()
    }))
}

/// Opens the system's save dialog for `save`, proposing `name`; returns the path the file will
/// be written to (its extension added when the name lacked it; none: cancelled).
pub async fn choose_save<R: Runtime>(window: WebviewWindow<R>, s: State<'_, App>, save: Save, name: String) -> Res<Option<String>> {
    let app = s.inner().clone();
    let chosen = match app.queued_answer() {
        Some(queued) => queued,
        None => ask(&window, save.title(app.lang()), &[save.extension()], |d, done| d.set_file_name(name).save_file(done)).await,
    };
    let Some(chosen) = chosen else { return Ok(None) };
    let path = save.path_for(chosen).map_err(|e| ErrorReport::new(&e, app.lang()))?;
    app.grants.allow_write(&path, save);
    Ok(Some(path.display().to_string()))
}

/// Files dropped on the window: the user handed them over as surely as through a picker.
pub fn grant_dropped<R: Runtime>(window: &tauri::Window<R>, event: &tauri::WindowEvent) {
    use tauri::Manager;
    if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
        let app = window.state::<App>();
        for p in paths {
            app.grants.allow_read(p);
        }
    }
}
