//! How a front end lends the core its threads. The core starts none: where
//! work splits into independent jobs (parsing the rule packs, compiling
//! their patterns, compiling ahead of a lint the patterns it will reach),
//! it hands them to a [`Parallel`], which the command line runs on all
//! cores and the browser page one after another.

use std::sync::OnceLock;

/// Runs independent jobs, in any order, possibly at the same time.
pub trait Parallel: Sync {
    /// Runs `job(i)` once for every `i` in `0..n`, and returns when all
    /// have run.
    fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync));

    /// How many jobs it runs at the same time: with one, work that only
    /// helps another job along is not worth starting.
    fn threads(&self) -> usize {
        1
    }
}

/// Runs the jobs one after another, on the calling thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sequential;

impl Parallel for Sequential {
    fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        (0..n).for_each(job);
    }
}

/// `f` of every item, in order, computed by `parallel`.
pub fn map<T: Sync, R: Send + Sync>(
    parallel: &dyn Parallel,
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let slots: Vec<OnceLock<R>> = items.iter().map(|_| OnceLock::new()).collect();
    parallel.each(items.len(), &|i| {
        if let (Some(item), Some(slot)) = (items.get(i), slots.get(i)) {
            // Each index runs once, so the slot is empty.
            let _ = slot.set(f(item));
        }
    });
    slots
        .into_iter()
        .zip(items)
        // A `Parallel` that skipped an index leaves its slot empty: the
        // item is then computed here.
        .map(|(slot, item)| slot.into_inner().unwrap_or_else(|| f(item)))
        .collect()
}

/// `main()`, with `helper()` run beside it by `parallel` (a helper that
/// only speeds `main` up: one run after `main` is done should see so and
/// return).
pub fn beside<R: Send + Sync>(
    parallel: &dyn Parallel,
    main: impl Fn() -> R + Sync,
    helper: impl Fn() + Sync,
) -> R {
    let out = OnceLock::new();
    parallel.each(2, &|i| {
        if i == 0 {
            let _ = out.set(main());
        } else {
            helper();
        }
    });
    // A `Parallel` that skipped `main` leaves it to be run here.
    out.into_inner().unwrap_or_else(main)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the jobs in reverse, as a thread pool may.
    struct Backwards;

    impl Parallel for Backwards {
        fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
            (0..n).rev().for_each(job);
        }
    }

    /// Forgets every other job.
    struct Forgetful;

    impl Parallel for Forgetful {
        fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
            (0..n).step_by(2).for_each(job);
        }
    }

    /// Runs every job but the first.
    struct SkipsFirst;

    impl Parallel for SkipsFirst {
        fn each(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
            (1..n).for_each(job);
        }
    }

    #[test]
    fn the_main_job_gives_its_result_once_whatever_the_helper_does() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        for p in [
            &Sequential as &dyn Parallel,
            &Backwards,
            &Forgetful,
            &SkipsFirst,
        ] {
            let (mains, helps) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let out = beside(
                p,
                || mains.fetch_add(1, Ordering::Relaxed) + 42,
                || {
                    helps.fetch_add(1, Ordering::Relaxed);
                },
            );
            assert_eq!((out, mains.into_inner()), (42, 1));
            assert!(helps.into_inner() <= 1);
        }
    }

    #[test]
    fn results_keep_the_order_of_the_items_whatever_order_jobs_run_in() {
        let items = [1, 2, 3, 4, 5];
        for p in [&Sequential as &dyn Parallel, &Backwards, &Forgetful] {
            assert_eq!(map(p, &items, |x| x * 10), vec![10, 20, 30, 40, 50]);
        }
    }
}
