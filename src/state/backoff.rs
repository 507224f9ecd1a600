//! Reconnection delays: exponential backoff with full jitter, so a server
//! restart is not met by every tab reconnecting at the same instant.

/// Shortest and longest wait between reconnection attempts, in milliseconds.
pub const BASE_DELAY_MS: u32 = 500;
/// Upper bound of the exponential growth.
pub const MAX_DELAY_MS: u32 = 30_000;

/// The delay before attempt number `attempt` (0 for the first retry), given
/// a uniform random number in `[0, 1)`: uniformly drawn between zero and the
/// exponential ceiling ("full jitter").
pub fn delay_ms(attempt: u32, random: f64) -> u32 {
    let ceiling = BASE_DELAY_MS
        .saturating_mul(1u32.checked_shl(attempt.min(16)).unwrap_or(u32::MAX))
        .min(MAX_DELAY_MS);
    let random = random.clamp(0.0, 1.0);
    // Never retry in a tight loop: at least a tenth of the base delay.
    ((f64::from(ceiling) * random) as u32).max(BASE_DELAY_MS / 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ceiling_doubles_until_the_maximum() {
        assert_eq!(delay_ms(0, 0.999_999), 499);
        assert_eq!(delay_ms(1, 0.999_999), 999);
        assert_eq!(delay_ms(3, 0.999_999), 3_999);
        assert_eq!(delay_ms(40, 0.999_999), MAX_DELAY_MS - 1);
    }

    #[test]
    fn jitter_spreads_but_never_reaches_zero() {
        assert_eq!(delay_ms(5, 0.0), BASE_DELAY_MS / 10);
        assert_eq!(delay_ms(5, 0.5), 8_000);
    }
}
