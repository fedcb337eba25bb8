//! The dashboard with a trend, under its historical path; it lives in `render::trend`.

pub use super::trend::render_with_trend;
