//! CSRF protection by double submission: a random token in an HttpOnly, SameSite=Strict
//! cookie must come back in every state-changing form. A page on another site can neither
//! read the cookie nor set it, so it cannot forge the form field.

/// The cookie and form field name.
pub const FIELD: &str = "csrf";

pub fn new_token() -> String {
    super::random_hex(32)
}

/// Constant-time comparison of the form's token with the cookie's.
pub fn matches(cookie: &str, submitted: &str) -> bool {
    let (a, b) = (cookie.as_bytes(), submitted.as_bytes());
    if a.len() != b.len() || a.len() < 32 {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_token_matches() {
        let token = new_token();
        assert!(matches(&token, &token));
        assert!(!matches(&token, &new_token()));
        assert!(!matches("", ""));
    }
}
