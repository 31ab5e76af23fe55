//! A small global allocator for the wasm build: power-of-two size classes, one free list per
//! class, fresh blocks bumped from pages taken with `memory.grow`.
//!
//! Why not dlmalloc (Rust's default on wasm32): it is ~8 KB of the binary, and this client's
//! allocations are short-lived strings and small trees, made and freed per call. A freed block
//! goes back on its class's list and the next allocation of that class reuses it, so under a
//! steady load memory stops growing once each class has its working set (the soak and the
//! memory benchmark check this). Wasm memory never shrinks, with either allocator.
//!
//! Where pages come from is a parameter ([`Pages`]): `memory.grow` in the wasm build, an arena
//! in the native tests (`tests/alloc.rs`), which drive the same free-list and bump logic.
//!
//! The wasm32 target here is single-threaded (no atomics), so plain cells are enough.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// The wasm page size: `memory.grow` counts in these.
pub const PAGE: usize = 65_536;

/// A source of fresh, writable memory in whole pages.
pub trait Pages {
    /// Adds `pages` pages; the address of the first new byte, or `None` when memory is exhausted.
    /// Successive calls may return contiguous regions (as `memory.grow` does) or not.
    fn grow(&self, pages: usize) -> Option<usize>;
}

/// The wasm linear memory, grown with `memory.grow`.
#[cfg(target_arch = "wasm32")]
pub struct WasmMemory;

#[cfg(target_arch = "wasm32")]
impl Pages for WasmMemory {
    fn grow(&self, pages: usize) -> Option<usize> {
        let prev = core::arch::wasm32::memory_grow(0, pages);
        // usize::MAX is memory.grow's failure value; a previous size this large cannot be
        // multiplied into an address.
        prev.checked_mul(PAGE).filter(|_| prev != usize::MAX)
    }
}

/// The size class of a layout: log2 of the block size (at least 8 bytes, so a free block can
/// hold the list's next pointer, and at least the alignment).
pub fn class_of(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    // next_power_of_two cannot overflow for sizes a 32-bit memory can hold; saturate anyway.
    size.checked_next_power_of_two()
        .map_or(usize::BITS as usize - 1, |s| s.trailing_zeros() as usize)
}

pub struct Allocator<P: Pages> {
    /// Head of each class's free list; a free block's first word points to the next one.
    free: UnsafeCell<[*mut u8; usize::BITS as usize]>,
    /// Next unused byte and the end of the memory grown so far.
    bump: UnsafeCell<(usize, usize)>,
    pages: P,
}

// SAFETY: the wasm32 target is built without atomics, so there is one thread and no concurrent
// access to the cells. (Native tests use their own, unshared allocators and need no Sync.)
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for Allocator<WasmMemory> {}

impl<P: Pages> Allocator<P> {
    pub const fn new(pages: P) -> Allocator<P> {
        Allocator {
            free: UnsafeCell::new([null_mut(); usize::BITS as usize]),
            bump: UnsafeCell::new((0, 0)),
            pages,
        }
    }

    /// A fresh block of `size` bytes aligned to `align` (a power of two), growing memory as needed.
    fn bump(&self, size: usize, align: usize) -> *mut u8 {
        // SAFETY: single-threaded (see the Sync impl), and no reference to the cell outlives
        // this call, which does not re-enter the allocator (the recursion below happens after
        // the borrow's last use).
        let (next, end) = unsafe { &mut *self.bump.get() };
        let Some(start) = next.checked_add(align - 1).map(|n| n & !(align - 1)) else {
            return null_mut();
        };
        let Some(stop) = start.checked_add(size) else {
            return null_mut();
        };
        if stop > *end || *end == 0 {
            let want = size.saturating_add(align);
            let pages = want.div_ceil(PAGE).max(1);
            let Some(base) = self.pages.grow(pages) else {
                return null_mut();
            };
            let Some(new_end) = pages.checked_mul(PAGE).and_then(|n| base.checked_add(n)) else {
                return null_mut();
            };
            if base != *end {
                // Not contiguous with our region (first use, or someone else grew memory):
                // start afresh there; the old tail is left unused.
                *next = base;
            }
            *end = new_end;
            // The new region holds `size + align` bytes past `next`, so this call cannot grow again.
            return self.bump(size, align);
        }
        *next = stop;
        start as *mut u8
    }
}

unsafe impl<P: Pages> GlobalAlloc for Allocator<P> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class_of(&layout);
        // SAFETY: single-threaded, and the borrow ends before `bump` is called.
        let free = unsafe { &mut *self.free.get() };
        let head = free[class];
        if !head.is_null() && (head as usize) & (layout.align() - 1) == 0 {
            // SAFETY: `head` is a block of this class that `dealloc` put on the list; its first
            // word (8-byte aligned, inside the block) holds the next free block.
            free[class] = unsafe { *(head as *mut *mut u8) };
            return head;
        }
        // A fresh block is aligned to its own size (up to a page). A class holds layouts whose
        // alignment is at most its block size, so any block on its list then fits any of them;
        // with a smaller alignment, a request of the class with a larger one could never reuse
        // a freed block and would bump a new one every time (tests/alloc.rs found this).
        let block = 1usize << class;
        self.bump(block, block.min(PAGE).max(layout.align()))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let class = class_of(&layout);
        // SAFETY: single-threaded; GlobalAlloc's contract makes `ptr` a live block that this
        // allocator returned for `layout`, so it is at least 8 bytes, 8-byte aligned and ours to
        // overwrite with the list's next pointer.
        unsafe {
            let free = &mut *self.free.get();
            *(ptr as *mut *mut u8) = free[class];
            free[class] = ptr;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return null_mut();
        };
        if class_of(&new_layout) == class_of(&layout) {
            return ptr; // the block already has room
        }
        // SAFETY: `new_layout` is valid; `ptr` is live for `layout` (the caller's contract), the
        // new block is distinct from it, and both hold at least `min(old, new)` bytes.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}
