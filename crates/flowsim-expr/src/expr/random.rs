//! The run's random numbers (`Random`, `RandomInt`): SplitMix64, seeded by the run request.
//!
//! flowsim's runs are deterministic: the same flows, fixtures and request give the same bytes.
//! So a run's random numbers come from a pseudo-random generator whose seed the request sets
//! (`seed`, default 0): the same seed gives the same numbers in the same order, another seed
//! other numbers. SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", 2014) is small, fast, and fills every bit of every output.

/// A SplitMix64 generator: its whole state is one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The generator a run with this seed starts with.
    pub const fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from 0 to `bound - 1` (`bound` at least 1), by multiplying the 64 bits by
    /// `bound` and keeping the high word (Lemire's method: no division, and a bias below
    /// `bound / 2^64`).
    pub fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::SplitMix64;

    #[test]
    fn the_reference_sequence() {
        // The first outputs of SplitMix64 seeded with 0, as its reference implementation
        // (Vigna's splitmix64.c) gives them.
        let mut g = SplitMix64::new(0);
        assert_eq!(g.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(g.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(g.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn below_stays_below_and_seeds_differ() {
        let mut g = SplitMix64::new(7);
        assert!((0..1000).all(|_| g.below(6) < 6));
        assert_eq!(SplitMix64::new(1).below(1), 0);
        let draw = |seed| {
            let mut g = SplitMix64::new(seed);
            (0..8).map(|_| g.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
    }
}
