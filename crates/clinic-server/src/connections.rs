//! The connection cap (issue 17): at most so many connections are served at once, each holding
//! a place from its TLS handshake until it closes. A connection over the cap waits for a place
//! (a thousand sites reconnecting after a restart are all served, a little later) and is closed
//! if none frees in time, so a flood of idle connections cannot exhaust the server's memory.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum_server::accept::Accept;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower_http::add_extension::AddExtension;

/// A place among the connections served; it is given back when the connection's service (and
/// every request it made) is dropped.
pub type Place = Arc<OwnedSemaphorePermit>;

/// An acceptor that takes a place before `inner` (the TLS handshake) runs.
#[derive(Clone)]
pub struct CappedAcceptor<A> {
    inner: A,
    places: Arc<Semaphore>,
    wait: Duration,
}

impl<A> CappedAcceptor<A> {
    /// At most `max` connections through `inner`; more wait up to `wait` for a place.
    pub fn new(inner: A, max: usize, wait: Duration) -> Self {
        CappedAcceptor { inner, places: Arc::new(Semaphore::new(max.max(1))), wait }
    }
}

impl<A, I, S> Accept<I, S> for CappedAcceptor<A>
where
    A: Accept<I, S>,
    A::Future: Send + 'static,
    A::Stream: Send + 'static,
    A::Service: Send + 'static,
{
    type Stream = A::Stream;
    type Service = AddExtension<A::Service, Place>;
    type Future = Pin<Box<dyn Future<Output = io::Result<(Self::Stream, Self::Service)>> + Send>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        let places = self.places.clone();
        let wait = self.wait;
        // The inner future does nothing until polled, which is after a place is taken.
        let accepted = self.inner.accept(stream, service);
        Box::pin(async move {
            let place = match tokio::time::timeout(wait, places.acquire_owned()).await {
                Ok(Ok(place)) => place,
                Ok(Err(closed)) => return Err(io::Error::other(closed)),
                Err(_) => {
                    tracing::warn!(
                        waited_s = wait.as_secs(),
                        "a connection found no place under the connection cap and was closed"
                    );
                    return Err(io::Error::new(io::ErrorKind::TimedOut, "no place under the connection cap"));
                }
            };
            let (stream, service) = accepted.await?;
            Ok((stream, AddExtension::new(service, Arc::new(place))))
        })
    }
}
