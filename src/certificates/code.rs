//! The verification code printed on a certificate: 12 random Crockford base-32 characters
//! (60 bits, not guessable), shown in groups of four, read forgivingly.

use std::fmt;

/// Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from
/// paper is not misread.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LEN: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Code(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a certificate code has 12 letters and digits, such as 7K3M-Q9TR-2XWD")]
pub struct ParseCodeError;

impl Code {
    pub fn random() -> Code {
        let mut bytes = [0u8; LEN];
        rand::fill(&mut bytes);
        let chars: String = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(b & 31)]))
            .collect();
        Code(group(&chars))
    }

    /// Accepts lower case, spaces and missing dashes, and the letters people confuse with
    /// digits (O for 0, I and L for 1).
    pub fn parse(input: &str) -> Result<Code, ParseCodeError> {
        let mut chars = String::with_capacity(LEN);
        for c in input.chars().filter(|c| !matches!(c, '-' | ' ')) {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
                _ => return Err(ParseCodeError),
            };
            chars.push(c);
        }
        if chars.len() != LEN {
            return Err(ParseCodeError);
        }
        Ok(Code(group(&chars)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn group(chars: &str) -> String {
    format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12])
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_random_code_reads_back_as_itself() {
        let code = Code::random();
        assert_eq!(Code::parse(code.as_str()), Ok(code.clone()));
        assert_eq!(code.as_str().len(), 14);
    }

    #[test]
    fn codes_typed_from_paper_are_read_forgivingly() {
        let expected = Code::parse("7K3M-Q9TR-2XWD").unwrap();
        assert_eq!(Code::parse("7k3m q9tr 2xwd"), Ok(expected.clone()));
        assert_eq!(Code::parse("7K3MQ9TR2XWD"), Ok(expected));
        assert_eq!(
            Code::parse("O1IL-0000-0000").unwrap().as_str(),
            "0111-0000-0000"
        );
    }

    #[test]
    fn anything_else_is_not_a_code() {
        for bad in [
            "",
            "7K3M-Q9TR",
            "7K3M-Q9TR-2XWD-1",
            "7K3M-Q9TR-2XWU",
            "ÅK3M-Q9TR-2XWD",
            "../../etc",
        ] {
            assert_eq!(Code::parse(bad), Err(ParseCodeError), "{bad}");
        }
    }
}
