//! A short list kept on the stack. Places in a plan are a few levels deep:
//! the tokens of a pointer and the parts of a place in words are gathered
//! in one before they are written (one string per finding, not a list and
//! a string), and only a place deeper than the stack part uses the heap.

/// A list whose first `N` items are kept inline.
#[derive(Debug)]
pub struct Shallow<T, const N: usize> {
    near: [Option<T>; N],
    far: Vec<T>,
    len: usize,
}

impl<T, const N: usize> Shallow<T, N> {
    /// An empty list.
    pub fn new() -> Self {
        Shallow {
            near: std::array::from_fn(|_| None),
            far: Vec::new(),
            len: 0,
        }
    }

    /// Adds an item at the end.
    pub fn push(&mut self, item: T) {
        match self.near.get_mut(self.len) {
            Some(slot) => *slot = Some(item),
            None => self.far.push(item),
        }
        self.len += 1;
    }

    /// Takes the last item.
    pub fn pop(&mut self) -> Option<T> {
        self.len = self.len.checked_sub(1)?;
        match self.near.get_mut(self.len) {
            Some(slot) => slot.take(),
            None => self.far.pop(),
        }
    }

    /// How many items there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The items, first to last (`rev()` for last to first).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.near
            .iter()
            .take(self.len.min(N))
            .flatten()
            .chain(&self.far)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_keep_their_order_past_the_stack() {
        for n in [0, 1, 3, 4, 5, 9] {
            let mut list: Shallow<usize, 4> = Shallow::new();
            for i in 0..n {
                list.push(i);
            }
            assert_eq!(list.len(), n);
            assert_eq!(
                list.iter().copied().collect::<Vec<_>>(),
                (0..n).collect::<Vec<_>>()
            );
            let back: Vec<usize> = list.iter().rev().copied().collect();
            assert_eq!(back, (0..n).rev().collect::<Vec<_>>());
            if n > 0 {
                assert_eq!(list.pop(), Some(n - 1));
                list.push(100);
                assert_eq!(list.iter().last(), Some(&100));
                assert_eq!(list.len(), n);
            } else {
                assert_eq!(list.pop(), None);
                assert_eq!(list.len(), 0);
            }
        }
    }
}
