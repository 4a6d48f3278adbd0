//! Line numbers as a person sees them in an editor: `\r\n`, `\n` and a lone `\r` each end
//! a line, and a line break inside a quoted field counts like any other.

pub struct LineIndex<'a> {
    text: &'a [u8],
    /// The byte where each line starts; the first is 0.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < text.len() {
            match text[i] {
                b'\r' if text.get(i + 1) == Some(&b'\n') => {
                    starts.push(i + 2);
                    i += 2;
                }
                b'\r' | b'\n' => {
                    starts.push(i + 1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        LineIndex { text, starts }
    }

    /// The 1-based line of the record that starts at `byte`. A reader may place a record's
    /// start on the line break before it, so breaks there are stepped over.
    pub fn line_of(&self, byte: u64) -> u64 {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while matches!(self.text.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        self.starts.partition_point(|start| *start <= at) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn each_kind_of_line_break_counts_once() {
        let text = "a\r\nb\nc\rd";
        let lines = LineIndex::new(text);
        let line_of = |c: char| lines.line_of(text.find(c).unwrap() as u64);
        assert_eq!(
            [line_of('a'), line_of('b'), line_of('c'), line_of('d')],
            [1, 2, 3, 4]
        );
    }

    #[test]
    fn a_start_on_the_break_before_a_record_is_the_record_s_line() {
        let lines = LineIndex::new("a\r\nb");
        assert_eq!(
            (lines.line_of(1), lines.line_of(2), lines.line_of(3)),
            (2, 2, 2)
        );
    }
}
