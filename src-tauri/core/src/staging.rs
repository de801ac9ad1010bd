//! Output staged until the transaction that numbers it commits: a batch of certificates is
//! written beside its target, its serials commit, and only then are the pages moved into place.
//! A failed or cancelled batch leaves nothing behind.

use crate::error::{Error, Result};
use std::path::Path;

/// Where a batch's pages are written until its serials are committed: `out.pdf.partial`
/// beside the PDF, or a hidden folder inside the PNG folder. Removed unless finished.
pub(crate) struct Staging {
    pub(crate) path: std::path::PathBuf,
    /// A folder of pages (PNGs) rather than one file (a PDF).
    folder: bool,
    done: bool,
}

impl Staging {
    pub(crate) fn new(out: &Path, folder: bool) -> Result<Staging> {
        let path = match folder {
            false => {
                let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                out.with_file_name(format!(".{name}.partial"))
            }
            true => {
                std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
                let staged = out.join(format!(".qunzhu-partial-{}", std::process::id()));
                let _ = std::fs::remove_dir_all(&staged);
                staged
            }
        };
        Ok(Staging { path, folder, done: false })
    }

    /// Moves the pages into place (the transaction has committed).
    pub(crate) fn finish(mut self, out: &Path) -> Result<()> {
        match self.folder {
            false => std::fs::rename(&self.path, out).map_err(|e| Error::io(out, e))?,
            true => {
                let entries = std::fs::read_dir(&self.path).map_err(|e| Error::io(&self.path, e))?;
                for entry in entries {
                    let entry = entry.map_err(|e| Error::io(&self.path, e))?;
                    let target = out.join(entry.file_name());
                    std::fs::rename(entry.path(), &target).map_err(|e| Error::io(&target, e))?;
                }
                let _ = std::fs::remove_dir(&self.path);
            }
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = match self.folder {
                false => std::fs::remove_file(&self.path),
                true => std::fs::remove_dir_all(&self.path),
            };
        }
    }
}

