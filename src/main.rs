//! Entry point of the wasm binary: everything lives in the library.

fn main() {
    switchboard::start();
}
