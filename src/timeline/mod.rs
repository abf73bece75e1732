//! Pure view maths, no egui types: the time view and its axis, tick marks, the filter and
//! search, lanes and their index, the layout of one frame, and the views the window opens on.
//! Everything here is a function of the timeline and a few numbers, so it is unit-tested.

pub mod archive_search;
pub mod axis;
pub mod change_marks;
pub mod dates;
pub mod derived;
pub mod highlight;
pub mod lane_set;
pub mod layout;
pub mod reports;
pub mod search;
pub mod search_index;
pub mod suggest;
pub mod ticks;
pub mod view;
