//! A tiny round-robin TCP balancer: each new connection goes to the next
//! instance, so HTTP requests on fresh connections and websockets
//! alternate between instances. For trying the suite on several instances
//! of one backend; it is not a production load balancer.
//!
//! An instance that refuses the connection (stopped, killed) is skipped: the
//! connection goes to the next one that accepts. With `--prefer` the order is
//! fixed instead (the first `--to` while it accepts, then the next), which is
//! how a test pins a client to one instance and still sees it fail over.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use clap::Args;
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};

/// `balance --listen 127.0.0.1:PORT --to 127.0.0.1:A --to 127.0.0.1:B`
#[derive(Args)]
pub struct BalanceArgs {
    /// Address to listen on.
    #[arg(long)]
    listen: String,
    /// An instance (repeat for each); connections go to them in turn.
    #[arg(long = "to", required = true)]
    to: Vec<String>,
    /// Always try the instances in the order given (fail over to the next
    /// when one refuses) instead of taking them in turn.
    #[arg(long)]
    prefer: bool,
}

/// How each new connection picks its instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// The next instance in turn.
    RoundRobin,
    /// The first instance given that accepts.
    Preference,
}

/// Runs until killed; fails only when it cannot listen.
pub async fn run(args: BalanceArgs) -> Result<bool, String> {
    let listener = TcpListener::bind(&args.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", args.listen))?;
    let order = if args.prefer {
        Order::Preference
    } else {
        Order::RoundRobin
    };
    println!(
        "balance: {} → {} ({})",
        args.listen,
        args.to.join(", "),
        match order {
            Order::RoundRobin => "round robin per connection",
            Order::Preference => "in order of preference",
        }
    );
    serve(listener, args.to, order).await;
    Ok(true)
}

/// Accepts connections forever, each forwarded to the first instance of its
/// `order` that accepts.
async fn serve(listener: TcpListener, targets: Vec<String>, order: Order) {
    let targets = Arc::new(targets);
    let next = AtomicUsize::new(0);
    loop {
        let (client, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                eprintln!("balance: accept failed: {error}");
                continue;
            }
        };
        let first = match order {
            Order::RoundRobin => next.fetch_add(1, Ordering::Relaxed) % targets.len(),
            Order::Preference => 0,
        };
        let targets = Arc::clone(&targets);
        tokio::spawn(async move {
            if let Err(error) = forward(client, &targets, first).await {
                eprintln!("balance: {peer}: {error}");
            }
        });
    }
}

/// Connects to the first of `targets` (from `first`, wrapping around) that
/// accepts, then copies both ways until either side closes.
async fn forward(mut client: TcpStream, targets: &[String], first: usize) -> std::io::Result<()> {
    let mut upstream = connect_first(targets, first).await?;
    client.set_nodelay(true)?;
    upstream.set_nodelay(true)?;
    copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}

/// The first connection an instance accepts, trying each once from `first`;
/// the last error when none does.
async fn connect_first(targets: &[String], first: usize) -> std::io::Result<TcpStream> {
    let mut last = std::io::Error::new(std::io::ErrorKind::NotFound, "no instance to connect to");
    for step in 0..targets.len() {
        let target = &targets[(first + step) % targets.len()];
        match TcpStream::connect(target).await {
            Ok(stream) => return Ok(stream),
            Err(error) => last = std::io::Error::new(error.kind(), format!("{target}: {error}")),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// An instance that writes its name on every connection, then closes it.
    async fn instance(name: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address").to_string();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket.write_all(name.as_bytes()).await;
            }
        });
        address
    }

    #[tokio::test]
    async fn each_new_connection_goes_to_the_next_instance() {
        let targets = vec![instance("a").await, instance("b").await];
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(serve(listener, targets, Order::RoundRobin));
        assert_eq!(answers(address, 4).await, "abab");
    }

    /// What `count` new connections through the balancer at `address` read.
    async fn answers(address: std::net::SocketAddr, count: usize) -> String {
        let mut answers = String::new();
        for _ in 0..count {
            let mut socket = TcpStream::connect(address).await.expect("connect");
            socket.read_to_string(&mut answers).await.expect("read");
        }
        answers
    }

    /// An address that refuses connections (bound, then closed).
    async fn refusing() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        listener.local_addr().expect("address").to_string()
    }

    async fn balancer(targets: Vec<String>, order: Order) -> std::net::SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        tokio::spawn(serve(listener, targets, order));
        address
    }

    #[tokio::test]
    async fn round_robin_skips_an_instance_that_refuses() {
        let targets = vec![instance("a").await, refusing().await, instance("c").await];
        let address = balancer(targets, Order::RoundRobin).await;
        // Turns: a, (refused → c), c, a, (refused → c), c.
        assert_eq!(answers(address, 6).await, "accacc");
    }

    #[tokio::test]
    async fn preference_keeps_the_first_instance_and_fails_over_when_it_refuses() {
        let targets = vec![instance("a").await, instance("b").await];
        let address = balancer(targets, Order::Preference).await;
        assert_eq!(answers(address, 3).await, "aaa");

        let targets = vec![refusing().await, instance("b").await, instance("c").await];
        let address = balancer(targets, Order::Preference).await;
        assert_eq!(answers(address, 3).await, "bbb");
    }
}
