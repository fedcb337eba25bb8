# paved as a container: a static musl binary on a distroless base, run as a non-root user.
# paved reads repositories straight from git objects (gix) and speaks HTTPS through rustls,
# so the image needs neither git nor OpenSSL, only CA certificates (which the base carries).
#
#   docker build -t paved .
#   docker run --rm -v "$PWD:/repo:ro" paved check /repo

# Base images are pinned by digest (rust 1.96 on Alpine; distroless static as of 2026-08-26), so
# a rebuild gets the bytes that were reviewed; Dependabot's docker ecosystem proposes new ones.
FROM rust:1-alpine@sha256:66f48b19d6e88519e2e58bebe0d945779a6a4ca41c2db17db78c9569655b50ac AS builder
RUN apk add --no-cache musl-dev
WORKDIR /src
# What `cargo build` needs (.dockerignore leaves out the rest); the manifest names the benches.
COPY . .
RUN cargo build --release --locked --bin paved \
    && install -D -m 0755 target/release/paved /out/paved

# distroless/static: CA certificates, an /etc/passwd with `nonroot` (65532), and nothing else:
# no shell, no package manager, no git.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab
COPY --from=builder /out/paved /usr/local/bin/paved
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["paved"]
