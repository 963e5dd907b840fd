//! Small helpers for background tasks.

/// Aborts the task when dropped: a job's helper task (a progress flusher) ends with
/// the job however the job ends, early returns and panics included.
pub struct AbortOnDrop(pub tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
