//! Just enough MIME to read what the SMTP sink received: headers, and each leaf part
//! decoded from base64 or quoted-printable.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

#[derive(Debug, Clone)]
pub struct Part {
    pub headers: String,
    pub body: Vec<u8>,
}

impl Part {
    pub fn content_type(&self) -> String {
        header(&self.headers, "Content-Type").unwrap_or_default()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A header of the message or part, unfolded.
pub fn header(data: &str, name: &str) -> Option<String> {
    let head = data.split("\r\n\r\n").next()?;
    let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

/// Every leaf part of the message, decoded, in the order they appear.
pub fn parts(data: &str) -> Vec<Part> {
    let mut boundaries = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.find("boundary=\"") {
        let tail = &rest[at + 10..];
        let end = tail.find('"').unwrap();
        boundaries.push(tail[..end].to_owned());
        rest = &tail[end..];
    }
    let mut found = Vec::new();
    for boundary in boundaries {
        for (offset, segment) in data.match_indices(&format!("--{boundary}")).map(|(at, m)| {
            let rest = &data[at + m.len()..];
            let end = rest.find(&format!("--{boundary}")).unwrap_or(rest.len());
            (at, &rest[..end])
        }) {
            if segment.starts_with("--") {
                continue;
            }
            let segment = segment.trim_start_matches("\r\n");
            let Some((headers, body)) = segment.split_once("\r\n\r\n") else {
                continue;
            };
            let content_type = header(headers, "Content-Type").unwrap_or_default();
            if content_type.starts_with("multipart/") {
                continue;
            }
            let encoding = header(headers, "Content-Transfer-Encoding").unwrap_or_default();
            let body = match encoding.to_ascii_lowercase().as_str() {
                "base64" => STANDARD
                    .decode(body.split_whitespace().collect::<String>())
                    .expect("valid base64"),
                "quoted-printable" => quoted_printable(body),
                _ => body.as_bytes().to_vec(),
            };
            found.push((
                offset,
                Part {
                    headers: headers.to_owned(),
                    body,
                },
            ));
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    found.into_iter().map(|(_, part)| part).collect()
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(hex) = joined.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// The decoded plain-text part.
pub fn plain_text(data: &str) -> String {
    parts(data)
        .into_iter()
        .find(|p| p.content_type().starts_with("text/plain"))
        .map(|p| p.text())
        .expect("a text/plain part")
}
