//! botpress-chat-wasm: models, validation and a fetch client for two Botpress Cloud
//! endpoints, compiled to WebAssembly. Everything but `transport` and `bindings` is plain
//! Rust and is tested natively.

pub mod error;
pub mod model;
pub mod retry;
pub mod validate;

/// The wasm build's allocator (its logic is tested natively with an arena for pages).
pub mod alloc;
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: alloc::Allocator<alloc::WasmMemory> = alloc::Allocator::new(alloc::WasmMemory);

/// The JS surface (public so wasm-bindgen-test suites can drive it from Rust).
#[cfg(target_arch = "wasm32")]
pub mod bindings;
/// A call's steps between the exports and the transport.
#[cfg(target_arch = "wasm32")]
mod client;
/// Building the JS errors.
#[cfg(target_arch = "wasm32")]
mod js_error;
/// Reading JS values (bodies, options).
#[cfg(target_arch = "wasm32")]
mod js_read;
#[cfg(target_arch = "wasm32")]
mod transport;
/// The hand-written part of the .d.ts (the JS surface, the error classes).
#[cfg(target_arch = "wasm32")]
mod typings;
