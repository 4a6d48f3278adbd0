# Bryggan: build the release binary, then run it on a slim image as an unprivileged user.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin bryggan

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home /app bryggan
WORKDIR /app
COPY --from=build /src/target/release/bryggan /usr/local/bin/bryggan
COPY courses /app/courses
USER bryggan
ENV BRYGGAN_BIND=0.0.0.0:8080 \
    BRYGGAN_COURSES=/app/courses
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
CMD ["bryggan", "serve"]
