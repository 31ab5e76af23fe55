//! A small global allocator for the wasm build: power-of-two size classes, one free list per
//! class, fresh blocks bumped from pages taken with `memory.grow`.
//!
//! Why not dlmalloc (Rust's default on wasm32): it is ~8 KB of the binary, and this client's
//! allocations are short-lived strings and small trees, made and freed per call. A freed block
//! goes back on its class's list and the next allocation of that class reuses it, so under a
//! steady load memory stops growing once each class has its working set (the soak and the
//! memory benchmark check this). Wasm memory never shrinks, with either allocator.
//!
//! The wasm32 target here is single-threaded (no atomics), so plain cells are enough.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::memory_grow;
use core::cell::UnsafeCell;
use core::ptr::null_mut;

const PAGE: usize = 65_536;
/// Blocks start at 16-byte alignment; larger alignments are honoured when bumping.
const BASE_ALIGN: usize = 16;

/// The size class of a layout: log2 of the block size (at least 8 bytes, so a free block can
/// hold the list's next pointer, and at least the alignment).
pub fn class_of(layout: &Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    // next_power_of_two cannot overflow for sizes a 32-bit memory can hold; saturate anyway.
    size.checked_next_power_of_two()
        .map_or(usize::BITS as usize - 1, |s| s.trailing_zeros() as usize)
}

pub struct Allocator {
    free: UnsafeCell<[*mut u8; usize::BITS as usize]>,
    /// Next unused byte and the end of the memory grown so far.
    bump: UnsafeCell<(usize, usize)>,
}

// Single-threaded target: no concurrent access is possible.
unsafe impl Sync for Allocator {}

impl Allocator {
    pub const fn new() -> Allocator {
        Allocator {
            free: UnsafeCell::new([null_mut(); usize::BITS as usize]),
            bump: UnsafeCell::new((0, 0)),
        }
    }

    /// A fresh block of `size` bytes aligned to `align`, growing memory as needed.
    unsafe fn bump(&self, size: usize, align: usize) -> *mut u8 {
        let (next, end) = &mut *self.bump.get();
        let Some(start) = next.checked_add(align - 1).map(|n| n & !(align - 1)) else {
            return null_mut();
        };
        let Some(stop) = start.checked_add(size) else {
            return null_mut();
        };
        if stop > *end || *end == 0 {
            let want = size.saturating_add(align);
            let pages = want.div_ceil(PAGE).max(1);
            let prev = memory_grow(0, pages);
            if prev == usize::MAX {
                return null_mut();
            }
            let base = prev * PAGE;
            if base != *end {
                // Not contiguous with our region (first use): start afresh there.
                *next = base;
            }
            *end = base + pages * PAGE;
            return self.bump(size, align);
        }
        *next = stop;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class_of(&layout);
        let free = &mut *self.free.get();
        let head = free[class];
        if !head.is_null() && (head as usize) & (layout.align() - 1) == 0 {
            free[class] = *(head as *mut *mut u8);
            return head;
        }
        self.bump(1 << class, layout.align().max(BASE_ALIGN))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let class = class_of(&layout);
        let free = &mut *self.free.get();
        *(ptr as *mut *mut u8) = free[class];
        free[class] = ptr;
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return null_mut();
        };
        if class_of(&new_layout) == class_of(&layout) {
            return ptr; // the block already has room
        }
        let new = self.alloc(new_layout);
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}
