//! Accounts and sessions: password hashing, session tokens and CSRF tokens.
//! No web or database types; the web layer carries these values in cookies and headers.

pub mod csrf;
pub mod password;
pub mod token;

/// `n` random bytes as lowercase hex, from the operating system's generator.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::fill(bytes.as_mut_slice());
    hex::encode(bytes)
}

/// How long to refuse sign-ins after `failures` wrong passwords in a row: nothing for the
/// first four, then 2 s, 4 s, 8 s… doubling up to 15 minutes. Enough to stop guessing,
/// short enough that a colleague who mistyped is not locked out for the day.
pub fn sign_in_block(failures: i32) -> Option<chrono::Duration> {
    if failures < 5 {
        return None;
    }
    let exponent = u32::try_from(failures - 4).unwrap_or(u32::MAX).min(10);
    Some(chrono::Duration::seconds(2i64.pow(exponent).min(15 * 60)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_ins_are_blocked_from_the_fifth_failure_for_doubling_times() {
        assert_eq!(sign_in_block(4), None);
        assert_eq!(sign_in_block(5), Some(chrono::Duration::seconds(2)));
        assert_eq!(sign_in_block(6), Some(chrono::Duration::seconds(4)));
        assert_eq!(sign_in_block(40), Some(chrono::Duration::seconds(900)));
    }
}
