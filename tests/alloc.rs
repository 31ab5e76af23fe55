//! The wasm allocator's free-list and bump logic, driven natively: pages come from an arena
//! instead of `memory.grow`. Random sequences of alloc / realloc / dealloc check that blocks are
//! aligned, never overlap, keep their contents, are reused once freed (memory stops growing
//! under a steady load), and that exhaustion gives null rather than a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

use botpress_chat_wasm::alloc::{class_of, Allocator, Pages, PAGE};
use proptest::prelude::*;

/// `pages_max` pages of real memory, handed out in order like `memory.grow`; `gap` leaves a
/// page unused before each grow, so regions are not contiguous (the allocator must cope).
struct Arena {
    base: *mut u8,
    pages_max: usize,
    used: Cell<usize>,
    grows: Cell<usize>,
    gap: bool,
}

impl Arena {
    fn new(pages_max: usize, gap: bool) -> Arena {
        let layout = Layout::from_size_align(pages_max * PAGE, PAGE).unwrap();
        // SAFETY: a non-zero size; freed in Drop with the same layout.
        let base = unsafe { std::alloc::alloc_zeroed(layout) };
        assert!(!base.is_null());
        Arena {
            base,
            pages_max,
            used: Cell::new(0),
            grows: Cell::new(0),
            gap,
        }
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe {
            std::alloc::dealloc(
                self.base,
                Layout::from_size_align(self.pages_max * PAGE, PAGE).unwrap(),
            )
        }
    }
}

impl Pages for &Arena {
    fn grow(&self, pages: usize) -> Option<usize> {
        let start = self.used.get() + usize::from(self.gap && self.used.get() > 0);
        if start + pages > self.pages_max {
            return None;
        }
        self.used.set(start + pages);
        self.grows.set(self.grows.get() + 1);
        Some(self.base as usize + start * PAGE)
    }
}

#[derive(Clone, Debug)]
enum Op {
    Alloc { size: usize, align_log2: u32 },
    Free(usize),
    Realloc(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (prop_oneof![1usize..64, 64usize..4096, 4096usize..100_000], 0u32..7).prop_map(|(size, align_log2)| Op::Alloc { size, align_log2 }),
        3 => any::<usize>().prop_map(Op::Free),
        2 => (any::<usize>(), 1usize..20_000).prop_map(|(i, n)| Op::Realloc(i, n)),
    ]
}

struct Live {
    ptr: *mut u8,
    layout: Layout,
    fill: u8,
}

fn fill(ptr: *mut u8, len: usize, byte: u8) {
    // SAFETY: callers pass a live block of at least `len` bytes.
    unsafe { std::ptr::write_bytes(ptr, byte, len) }
}

fn holds(ptr: *const u8, len: usize, byte: u8) -> bool {
    // SAFETY: callers pass a live block of at least `len` bytes.
    unsafe { std::slice::from_raw_parts(ptr, len) }
        .iter()
        .all(|&b| b == byte)
}

fn check_disjoint(live: &[Live]) {
    let mut spans: Vec<(usize, usize)> = live
        .iter()
        .map(|l| (l.ptr as usize, l.ptr as usize + l.layout.size()))
        .collect();
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "blocks overlap: {:?}", w);
    }
}

/// Runs `ops`; returns the live blocks left.
fn run(alloc: &Allocator<&Arena>, ops: &[Op], live: &mut Vec<Live>, counter: &mut u8) {
    for op in ops {
        match *op {
            Op::Alloc { size, align_log2 } => {
                let layout = Layout::from_size_align(size, 1 << align_log2).unwrap();
                // SAFETY: a valid, non-zero-sized layout.
                let ptr = unsafe { alloc.alloc(layout) };
                if ptr.is_null() {
                    continue; // the arena is exhausted: null, never a panic
                }
                assert_eq!(ptr as usize % layout.align(), 0, "alignment of {layout:?}");
                *counter = counter.wrapping_add(1);
                fill(ptr, size, *counter);
                live.push(Live {
                    ptr,
                    layout,
                    fill: *counter,
                });
            }
            Op::Free(i) if !live.is_empty() => {
                let l = live.swap_remove(i % live.len());
                assert!(
                    holds(l.ptr, l.layout.size(), l.fill),
                    "contents kept until free"
                );
                // SAFETY: a live block from this allocator with its layout.
                unsafe { alloc.dealloc(l.ptr, l.layout) };
            }
            Op::Realloc(i, new_size) if !live.is_empty() => {
                let idx = i % live.len();
                let l = &live[idx];
                // SAFETY: a live block from this allocator with its layout; non-zero new size.
                let new = unsafe { alloc.realloc(l.ptr, l.layout, new_size) };
                if new.is_null() {
                    continue; // the old block stays live, as GlobalAlloc requires
                }
                assert_eq!(new as usize % l.layout.align(), 0);
                let kept = l.layout.size().min(new_size);
                assert!(
                    holds(new, kept, l.fill),
                    "realloc keeps the first min(old, new) bytes"
                );
                let layout = Layout::from_size_align(new_size, l.layout.align()).unwrap();
                fill(new, new_size, l.fill);
                live[idx] = Live {
                    ptr: new,
                    layout,
                    fill: l.fill,
                };
            }
            _ => {}
        }
        check_disjoint(live);
    }
}

fn free_all(alloc: &Allocator<&Arena>, live: &mut Vec<Live>) {
    for l in live.drain(..) {
        assert!(holds(l.ptr, l.layout.size(), l.fill));
        // SAFETY: a live block from this allocator with its layout.
        unsafe { alloc.dealloc(l.ptr, l.layout) };
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn blocks_are_aligned_disjoint_and_keep_their_contents(ops in prop::collection::vec(op(), 1..200), gap: bool) {
        let arena = Arena::new(512, gap);
        let alloc = Allocator::new(&arena);
        let mut live = Vec::new();
        let mut counter = 0u8;
        run(&alloc, &ops, &mut live, &mut counter);
        free_all(&alloc, &mut live);
    }

    /// A steady load reuses freed blocks: once a sequence has run and been freed, running it
    /// again takes no new pages.
    #[test]
    fn a_repeated_load_takes_no_new_memory(ops in prop::collection::vec(op(), 1..120)) {
        let arena = Arena::new(1024, false);
        let alloc = Allocator::new(&arena);
        let mut live = Vec::new();
        let mut counter = 0u8;
        // Realloc targets depend on which blocks are live, so compare whole rounds: warm up
        // twice, then the third round must fit in what the first two took.
        for _ in 0..2 {
            run(&alloc, &ops, &mut live, &mut counter);
            free_all(&alloc, &mut live);
        }
        let used = arena.used.get();
        run(&alloc, &ops, &mut live, &mut counter);
        free_all(&alloc, &mut live);
        prop_assert_eq!(arena.used.get(), used, "the third round grew memory");
    }
}

#[test]
fn exhaustion_gives_null_and_the_allocator_keeps_working() {
    let arena = Arena::new(4, false);
    let alloc = Allocator::new(&arena);
    let big = Layout::from_size_align(5 * PAGE, 16).unwrap();
    // SAFETY: valid layouts; every non-null block is freed with its layout.
    unsafe {
        assert!(alloc.alloc(big).is_null(), "more than the arena holds");
        let small = Layout::from_size_align(100, 8).unwrap();
        let p = alloc.alloc(small);
        assert!(
            !p.is_null(),
            "smaller allocations still succeed after a failed one"
        );
        alloc.dealloc(p, small);
        assert_eq!(
            alloc.alloc(small),
            p,
            "a freed block of the class is reused first"
        );
        alloc.dealloc(p, small);
        let huge = Layout::from_size_align(usize::MAX / 4, 16).unwrap();
        assert!(
            alloc.alloc(huge).is_null(),
            "absurd sizes give null, no overflow panic"
        );
        assert!(
            alloc.realloc(p, small, usize::MAX - 8).is_null(),
            "an absurd realloc gives null"
        );
    }
}

#[test]
fn size_classes() {
    let l = |size, align| Layout::from_size_align(size, align).unwrap();
    assert_eq!(
        class_of(&l(1, 1)),
        3,
        "at least 8 bytes, room for the next pointer"
    );
    assert_eq!(class_of(&l(8, 8)), 3);
    assert_eq!(class_of(&l(9, 1)), 4);
    assert_eq!(class_of(&l(16, 64)), 6, "at least the alignment");
    assert_eq!(class_of(&l(PAGE + 1, 16)), 17);
}

#[test]
fn realloc_within_the_class_keeps_the_block() {
    let arena = Arena::new(4, false);
    let alloc = Allocator::new(&arena);
    let l = Layout::from_size_align(20, 8).unwrap();
    // SAFETY: valid layouts; the block is freed with its final layout.
    unsafe {
        let p = alloc.alloc(l);
        fill(p, 20, 7);
        assert_eq!(
            alloc.realloc(p, l, 32),
            p,
            "20 and 32 bytes share the 32-byte class"
        );
        let q = alloc.realloc(p, Layout::from_size_align(32, 8).unwrap(), 33);
        assert_ne!(q, p, "33 bytes need the next class");
        assert!(holds(q, 20, 7));
        alloc.dealloc(q, Layout::from_size_align(33, 8).unwrap());
    }
}
