//! The workbench's HTTP server: tiny_http (synchronous, no async runtime), a few threads taking
//! requests from one listening socket, each answered by [`Workbench::handle`].

use std::io::Read as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{MAX_BODY, Request, Response, Workbench};

/// How many requests are answered at once (saves still go one at a time).
pub const THREADS: usize = 4;

/// A server listening, with its threads.
pub struct Running {
    pub addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    threads: Vec<JoinHandle<()>>,
}

/// Listens on `addr` (port 0: any free port).
pub fn bind(addr: SocketAddr) -> Result<(tiny_http::Server, SocketAddr), String> {
    let server = tiny_http::Server::http(addr).map_err(|e| e.to_string())?;
    let bound = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| "not an IP address".to_string())?;
    Ok((server, bound))
}

/// Answers requests on `server` with `wb`, on [`THREADS`] threads, until [`Running::stop`].
pub fn start(wb: Arc<Workbench>, server: tiny_http::Server, addr: SocketAddr) -> Running {
    let server = Arc::new(server);
    let threads = (0..THREADS)
        .map(|_| {
            let (wb, server) = (Arc::clone(&wb), Arc::clone(&server));
            std::thread::spawn(move || {
                while let Ok(rq) = server.recv() {
                    answer(&wb, rq);
                }
            })
        })
        .collect();
    Running {
        addr,
        server,
        threads,
    }
}

impl Running {
    /// Waits for the threads (forever, unless stopped).
    pub fn wait(self) {
        for t in self.threads {
            let _ = t.join();
        }
    }

    /// Stops taking requests and waits for the threads.
    pub fn stop(self) {
        for _ in 0..self.threads.len() {
            self.server.unblock();
        }
        self.wait();
    }
}

fn answer(wb: &Workbench, mut rq: tiny_http::Request) {
    let too_big = rq.body_length().is_some_and(|n| n > MAX_BODY);
    let mut body = Vec::new();
    let read = if too_big {
        Ok(0)
    } else {
        rq.as_reader()
            .take(MAX_BODY as u64 + 1)
            .read_to_end(&mut body)
    };
    let resp = if too_big || body.len() > MAX_BODY {
        Response::text(413, "request too large")
    } else if read.is_err() {
        Response::text(400, "the request's body could not be read")
    } else {
        let req = Request {
            method: rq.method().as_str().to_string(),
            url: rq.url().to_string(),
            headers: rq
                .headers()
                .iter()
                .map(|h| {
                    (
                        h.field.as_str().as_str().to_string(),
                        h.value.as_str().to_string(),
                    )
                })
                .collect(),
            body,
        };
        wb.handle(&req)
    };
    let mut out = tiny_http::Response::from_data(resp.body).with_status_code(resp.status);
    for (k, v) in &resp.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            out.add_header(h);
        }
    }
    let _ = rq.respond(out);
}
