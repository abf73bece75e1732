//! The desktop entry, the `AppStream` metainfo, the icons and the package's asset list agree
//! with the window's app id, so that a desktop matches the running window to its entry and
//! icon. (The validators themselves run in `scripts/check.sh` when installed.)

use std::path::Path;

use sourceline::APP_ID;

#[test]
fn every_desktop_file_is_named_by_the_app_id() {
    let desktop = std::fs::read_to_string(format!("packaging/{APP_ID}.desktop")).unwrap();
    assert!(desktop.contains(&format!("\nIcon={APP_ID}\n")), "{desktop}");
    assert!(
        desktop.contains(&format!("\nStartupWMClass={APP_ID}\n")),
        "{desktop}"
    );
    assert!(desktop.contains("\nExec=sourceline %f\n"), "{desktop}");
    let metainfo = std::fs::read_to_string(format!("packaging/{APP_ID}.metainfo.xml")).unwrap();
    assert!(metainfo.contains(&format!("<id>{APP_ID}</id>")));
    assert!(metainfo.contains(&format!(
        "<launchable type=\"desktop-id\">{APP_ID}.desktop</launchable>"
    )));
    assert!(metainfo.contains(&format!(
        "<release version=\"{}\"",
        env!("CARGO_PKG_VERSION")
    )));
    let manifest = std::fs::read_to_string("Cargo.toml").unwrap();
    let svg = format!("packaging/icons/{APP_ID}.svg");
    assert!(Path::new(&svg).is_file());
    assert!(manifest.contains(&svg), "the package installs the SVG");
    for size in [16, 24, 32, 48, 64, 128, 256, 512] {
        let png = format!("packaging/icons/hicolor/{size}x{size}/apps/{APP_ID}.png");
        let bytes = std::fs::read(&png).unwrap();
        // The PNG header's width and height are the folder's size.
        let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((width, height), (size, size), "{png}");
        assert!(manifest.contains(&png), "the package installs {png}");
    }
}
