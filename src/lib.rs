//! sourceline: a timeline viewer whose every event links back to the exact passage of its source
//! article. The core (model, loading, anchoring, time axis, ticks, layout) holds no egui types;
//! the `app` module draws it.

pub mod anchor;
pub mod app;
pub mod axis;
pub mod bundled;
pub mod check;
pub mod date;
pub mod derived;
pub mod diagnostic;
pub mod layout;
pub mod load;
pub mod model;
pub mod reload;
pub mod schema;
pub mod search;
pub mod ticks;
