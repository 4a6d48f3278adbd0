//! Compiles every shipped course and, in the same run, renders the same Markdown with plain
//! pulldown-cmark, so the compiler's overhead shows as a ratio of the two throughputs.
//!
//! `cargo bench --bench compile`; `benches/compile-ratio.sh` prints the ratio afterwards.

use std::hint::black_box;
use std::path::Path;

use bryggan::course::{
    CompileOptions, Content, CourseSource, compile, compile_all, markdown_options,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn sources() -> Vec<CourseSource> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("courses");
    compile_all(&root, &CompileOptions::default())
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", root.display()))
        .into_iter()
        .map(|(source, _)| source)
        .collect()
}

/// The Markdown files' text, as the baseline renders it.
fn markdown(sources: &[CourseSource]) -> Vec<String> {
    sources
        .iter()
        .flat_map(|s| &s.files)
        .filter(|f| f.name.ends_with(".md"))
        .filter_map(|f| match &f.content {
            Content::Bytes(bytes) => String::from_utf8(bytes.clone()).ok(),
            Content::TooLarge(_) => None,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let sources = sources();
    let texts = markdown(&sources);
    let bytes: usize = sources.iter().map(CourseSource::text_bytes).sum();
    let options = CompileOptions::default();

    let mut group = c.benchmark_group("shipped-courses");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bryggan-compile", |b| {
        b.iter(|| {
            for source in &sources {
                black_box(compile(black_box(source), &options));
            }
        })
    });
    group.bench_function("pulldown-cmark-push-html", |b| {
        b.iter(|| {
            for text in &texts {
                let mut html = String::with_capacity(text.len() * 3 / 2);
                let parser = pulldown_cmark::Parser::new_ext(black_box(text), markdown_options());
                pulldown_cmark::html::push_html(&mut html, parser);
                black_box(html);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
