//! A long job's two wires to whoever started it: progress out, cancel in. Imports, certificate
//! batches and chat imports take one `Job`, so the window (a channel and a flag per job), the CLI
//! and the tests (`Job::quiet`) drive them all the same way.

use std::sync::atomic::{AtomicBool, Ordering};

pub struct Job<'a, P> {
    report: Option<&'a dyn Fn(P)>,
    cancel: Option<&'a AtomicBool>,
}

impl<'a, P> Job<'a, P> {
    /// Progress goes to `report`; setting `cancel` stops the job at its next check with nothing
    /// kept.
    pub fn new(report: &'a dyn Fn(P), cancel: &'a AtomicBool) -> Self {
        Job { report: Some(report), cancel: Some(cancel) }
    }

    /// No one listening and no way to stop (the CLI, tests).
    pub fn quiet() -> Self {
        Job { report: None, cancel: None }
    }

    pub fn report(&self, progress: P) {
        if let Some(report) = self.report {
            report(progress)
        }
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Reports and says whether to go on: the shape of a render callback.
    pub fn go_on(&self, progress: P) -> bool {
        self.report(progress);
        !self.cancelled()
    }
}
