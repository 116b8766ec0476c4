//! Draws the demo book's photos (never photos of real children) and, with `bench DIR`, writes the
//! benchmark project: a 60-page book with 40 twelve-megapixel JPEGs.
//!
//!     cargo run --example demo_photos                 # content/boeger/laerke/billeder/*
//!     cargo run --release --example demo_photos -- bench /tmp/bogbench

use image::{ImageEncoder, Rgb, RgbImage};
use std::path::Path;

type Px = Rgb<u8>;

fn rect(img: &mut RgbImage, x0: i64, y0: i64, x1: i64, y1: i64, c: Px) {
    for y in y0.max(0)..y1.min(img.height() as i64) {
        for x in x0.max(0)..x1.min(img.width() as i64) {
            img.put_pixel(x as u32, y as u32, c);
        }
    }
}

fn circle(img: &mut RgbImage, cx: i64, cy: i64, r: i64, c: Px) {
    for y in (cy - r).max(0)..(cy + r).min(img.height() as i64) {
        for x in (cx - r).max(0)..(cx + r).min(img.width() as i64) {
            if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                img.put_pixel(x as u32, y as u32, c);
            }
        }
    }
}

/// A triangle with a horizontal base from (x0..x1, base) up to the apex (ax, ay).
fn roof(img: &mut RgbImage, x0: i64, x1: i64, base: i64, ax: i64, ay: i64, c: Px) {
    for y in ay.max(0)..base.min(img.height() as i64) {
        let t = (y - ay) as f64 / (base - ay) as f64;
        let l = ax as f64 + (x0 - ax) as f64 * t;
        let r = ax as f64 + (x1 - ax) as f64 * t;
        rect(img, l as i64, y, r as i64, y + 1, c);
    }
}

fn sky(w: u32, h: u32, top: [u8; 3], bottom: [u8; 3]) -> RgbImage {
    RgbImage::from_fn(w, h, |_, y| {
        let t = y as f32 / h as f32;
        let mix = |a: u8, b: u8| (a as f32 * (1.0 - t) + b as f32 * t) as u8;
        Rgb([
            mix(top[0], bottom[0]),
            mix(top[1], bottom[1]),
            mix(top[2], bottom[2]),
        ])
    })
}

const SUN: Px = Rgb([255, 204, 51]);
const GRASS: Px = Rgb([96, 168, 72]);

fn house() -> RgbImage {
    let mut img = sky(800, 600, [120, 180, 235], [200, 230, 250]);
    rect(&mut img, 0, 450, 800, 600, GRASS);
    circle(&mut img, 660, 110, 60, SUN);
    rect(&mut img, 250, 280, 550, 470, Rgb([220, 90, 70]));
    roof(&mut img, 220, 580, 282, 400, 150, Rgb([120, 60, 50]));
    rect(&mut img, 370, 370, 430, 470, Rgb([90, 60, 40]));
    rect(&mut img, 280, 320, 340, 370, Rgb([250, 250, 210]));
    rect(&mut img, 460, 320, 520, 370, Rgb([250, 250, 210]));
    img
}

/// Upright portrait picture: the sun is at the top, the sand at the bottom.
fn beach() -> RgbImage {
    let mut img = sky(600, 800, [90, 160, 230], [180, 220, 250]);
    circle(&mut img, 300, 120, 70, SUN);
    rect(&mut img, 0, 430, 600, 600, Rgb([40, 110, 190]));
    rect(&mut img, 0, 600, 600, 800, Rgb([235, 210, 150]));
    rect(&mut img, 120, 520, 300, 530, Rgb([255, 255, 255]));
    img
}

fn cake() -> RgbImage {
    let mut img = sky(800, 600, [250, 230, 240], [240, 200, 220]);
    rect(&mut img, 0, 480, 800, 600, Rgb([160, 110, 80]));
    rect(&mut img, 220, 320, 580, 480, Rgb([250, 240, 230]));
    rect(&mut img, 220, 320, 580, 350, Rgb([230, 80, 120]));
    for (i, x) in [280, 350, 420, 490].iter().enumerate() {
        rect(
            &mut img,
            *x,
            250,
            x + 14,
            320,
            Rgb([80 + 40 * i as u8, 140, 220]),
        );
        circle(&mut img, x + 7, 238, 10, Rgb([255, 170, 40]));
    }
    img
}

fn garden() -> RgbImage {
    let mut img = sky(800, 600, [140, 200, 240], [210, 235, 250]);
    rect(&mut img, 0, 420, 800, 600, GRASS);
    rect(&mut img, 180, 260, 220, 440, Rgb([110, 75, 45]));
    circle(&mut img, 200, 220, 110, Rgb([50, 130, 60]));
    for (i, x) in (420..760).step_by(60).enumerate() {
        rect(&mut img, x, 460, x + 6, 520, Rgb([40, 120, 40]));
        let c = [Rgb([240, 80, 90]), Rgb([250, 210, 60]), Rgb([170, 90, 220])][i % 3];
        circle(&mut img, x + 3, 455, 18, c);
    }
    img
}

fn kite() -> RgbImage {
    let mut img = sky(800, 600, [100, 170, 235], [190, 225, 250]);
    rect(&mut img, 0, 520, 800, 600, GRASS);
    roof(&mut img, 420, 560, 220, 490, 80, Rgb([230, 60, 60]));
    roof(&mut img, 420, 560, 221, 490, 330, Rgb([250, 200, 50]));
    for i in 0..200 {
        let x = 490 - i / 2;
        let y = 330 + i;
        rect(&mut img, x, y, x + 3, y + 3, Rgb([60, 60, 60]));
    }
    img
}

fn school() -> RgbImage {
    let mut img = sky(800, 600, [150, 190, 230], [220, 235, 245]);
    rect(&mut img, 0, 480, 800, 600, Rgb([150, 150, 150]));
    rect(&mut img, 120, 240, 680, 480, Rgb([200, 150, 100]));
    for x in (160..640).step_by(100) {
        rect(&mut img, x, 290, x + 60, 350, Rgb([220, 240, 255]));
        rect(&mut img, x, 390, x + 60, 450, Rgb([220, 240, 255]));
    }
    rect(&mut img, 700, 120, 706, 480, Rgb([90, 90, 90]));
    rect(&mut img, 706, 120, 786, 175, Rgb([200, 16, 46]));
    rect(&mut img, 706, 141, 786, 154, Rgb([255, 255, 255]));
    rect(&mut img, 728, 120, 741, 175, Rgb([255, 255, 255]));
    img
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .expect("encode");
    out
}

/// An EXIF APP1 segment with an orientation and a GPS position (as a phone writes them).
fn exif_app1(orientation: u16, lat: [u32; 3], lon: [u32; 3]) -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(typ.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    // IFD0 at 8: 2 entries → 2 + 2*12 + 4 = 30 bytes; GPS IFD at 38: 4 entries → 54 bytes; data at 92.
    let gps_ifd = 38u32;
    let data = gps_ifd + 2 + 4 * 12 + 4;
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x8825, 4, 1, gps_ifd);
    t.extend(0u32.to_le_bytes());
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, data);
    entry(&mut t, 0x0003, 2, 2, u32::from_le_bytes(*b"E\0\0\0"));
    entry(&mut t, 0x0004, 5, 3, data + 24);
    t.extend(0u32.to_le_bytes());
    for v in lat.iter().chain(lon.iter()) {
        t.extend(v.to_le_bytes());
        t.extend(1u32.to_le_bytes());
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((t.len() + 8) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(t);
    seg
}

/// The JPEG with the APP1 segment put right after its start marker.
fn with_exif(jpeg: Vec<u8>, app1: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn demo(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let save = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).unwrap();
    save("forside.jpg", jpeg(&house(), 80));
    // Stored turned a quarter left, with Orientation=6 ("turn right to show") and a GPS position.
    let stored = image::imageops::rotate270(&beach());
    save(
        "stranden.jpg",
        with_exif(jpeg(&stored, 80), &exif_app1(6, [55, 3, 40], [11, 54, 12])),
    );
    save("foedselsdag.jpg", jpeg(&cake(), 80));
    save("haven.jpg", jpeg(&garden(), 80));
    save("dragen.jpg", jpeg(&kite(), 80));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(school())
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    save("skolen.png", png);
}

/// A 4000×3000 picture with enough texture to be as heavy to decode as a phone photo.
fn big_photo(seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let img = RgbImage::from_fn(4000, 3000, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let n = (state & 31) as u8;
        Rgb([
            ((x / 16 + seed * 7) % 200) as u8 + n,
            ((y / 12) % 200) as u8 + n,
            (((x + y) / 20) % 200) as u8 + n,
        ])
    });
    jpeg(&img, 88)
}

fn bench(dir: &Path) {
    let book = dir.join("content/boeger/bench");
    std::fs::create_dir_all(book.join("billeder")).unwrap();
    std::fs::write(dir.join("bogbinder.toml"), "title = \"Benchmark\"\n").unwrap();
    std::fs::write(
        dir.join("content/_index.md"),
        "+++\ntitle = \"Forside\"\n+++\n",
    )
    .unwrap();
    let photos: Vec<Vec<u8>> = {
        use std::sync::Mutex;
        let out = Mutex::new(vec![Vec::new(); 40]);
        std::thread::scope(|s| {
            for t in 0..2 {
                let out = &out;
                s.spawn(move || {
                    for i in (t..40).step_by(2) {
                        let b = big_photo(i as u32 + 1);
                        out.lock().unwrap()[i] = b;
                    }
                });
            }
        });
        out.into_inner().unwrap()
    };
    let mut toml = String::from("navn = \"Bench\"\nforside = \"billeder/foto01.jpg\"\n");
    for (i, b) in photos.iter().enumerate() {
        std::fs::write(book.join(format!("billeder/foto{:02}.jpg", i + 1)), b).unwrap();
        toml.push_str(&format!(
            "[[minder]]\nfil = \"billeder/foto{:02}.jpg\"\ntekst = \"Billede nummer {}\"\ndato = 2025-06-{:02}\n",
            i + 1,
            i + 1,
            i % 28 + 1
        ));
    }
    for y in 0..6 {
        toml.push_str(&format!(
            "[[historie]]\ndato = {}-08-01\nsted = \"Sted {y}\"\ntekst = \"Her boede du.\"\n",
            2015 + y
        ));
    }
    std::fs::write(book.join("bog.toml"), toml).unwrap();
    let para = "Det her er en almindelig tekst om en almindelig dag, med *lidt fremhævning*, nogle **fede ord** og sætninger, der er lange nok til at blive delt med bindestreg, når linjen er fuld. ";
    for c in 1..=10 {
        let mut text = format!("+++\ntitle = \"Kapitel {c}\"\n+++\n\n");
        for s in 0..4 {
            text.push_str(&format!("## Afsnit {s}\n\n"));
            for _ in 0..3 {
                text.push_str(&para.repeat(3));
                text.push_str("\n\n");
            }
            text.push_str("- et punkt\n- et andet punkt\n\n");
        }
        std::fs::write(book.join(format!("{c:02}-kapitel-{c}.md")), text).unwrap();
    }
    std::fs::write(
        book.join("11-mine-minder.md"),
        "+++\ntitle = \"Mine minder\"\n+++\n\nBilleder.\n",
    )
    .unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("time") => {
            let bytes = std::fs::read(args.get(2).expect("time FILE")).unwrap();
            let t = std::time::Instant::now();
            let img = image::load_from_memory(&bytes).unwrap();
            eprintln!("decode {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let small = img.resize(1800, 1800, image::imageops::FilterType::Triangle);
            eprintln!("resize {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let _ = img.thumbnail(1800, 1800);
            eprintln!("thumbnail {:?}", t.elapsed());
            let t = std::time::Instant::now();
            let _ = jpeg(&small.to_rgb8(), 85);
            eprintln!("encode {:?}", t.elapsed());
        }
        Some("bench") => bench(Path::new(args.get(2).expect("bench DIR"))),
        Some(dir) => demo(Path::new(dir)),
        None => demo(Path::new("content/boeger/laerke/billeder")),
    }
}
