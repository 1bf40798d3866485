//! A receipt as a one-page A4 PDF: the same content as the JSON receipt, its labels in the
//! receipt's language, and the check-in code as a QR code image the office can scan from
//! paper or a screen.
//!
//! The text is set in the standard Helvetica faces with the WinAnsi encoding: no font is
//! embedded (the file stays a few kilobytes) and every reader, text extraction and screen
//! reader included, gets the text back. WinAnsi holds Latin letters with their accents,
//! which Indonesian names and the service's texts use; a character outside it is printed
//! as `?`. The QR code is a greyscale image of one sample per module, scaled up on the
//! page without interpolation, so that its edges stay sharp.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, EcLevel, QrCode};

use paspor_openapi::ReceiptDto;

use crate::locale::{Language, text};

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
/// Where values start, right of their labels.
const VALUE_X: f32 = 210.0;
/// Where an item's amount starts.
const AMOUNT_X: f32 = 430.0;
const SIZE: f32 = 10.0;
const LEADING: f32 = 15.0;
/// How many characters of 10-point Helvetica fit between `VALUE_X` and the right margin.
const VALUE_CHARS: usize = 62;
/// The QR code's side on the page, in points (about 5 cm).
const QR_SIDE: f32 = 140.0;
/// The light modules around a QR code that scanners need to find it.
const QUIET_ZONE: usize = 4;

const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const QR_IMAGE: Name<'static> = Name(b"Im1");

/// The receipt as a PDF, in `language` (the language its texts were written in).
pub fn render(receipt: &ReceiptDto, language: Language) -> anyhow::Result<Vec<u8>> {
    let qr = match &receipt.check_in_code {
        Some(code) => Some(qr_samples(code)?),
        None => None,
    };
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let page_id = Ref::new(3);
    let regular = Ref::new(4);
    let bold = Ref::new(5);
    let contents = Ref::new(6);
    let image = Ref::new(7);
    let info = Ref::new(8);

    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page_id]).count(1);
    pdf.document_info(info)
        .title(TextStr(&receipt.title))
        .subject(TextStr(&receipt.application_id));
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
        .parent(tree)
        .contents(contents);
    let mut resources = page.resources();
    resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
    if qr.is_some() {
        resources.x_objects().pair(QR_IMAGE, image);
    }
    resources.finish();
    page.finish();
    for (id, face) in [(regular, &b"Helvetica"[..]), (bold, &b"Helvetica-Bold"[..])] {
        pdf.type1_font(id)
            .base_font(Name(face))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }

    let mut page = Page::new(language);
    page.write(receipt, qr.is_some());
    pdf.stream(contents, &page.content.finish());
    if let Some((side, samples)) = &qr {
        let side = i32::try_from(*side)?;
        let mut xobject = pdf.image_xobject(image, samples);
        xobject.width(side).height(side).bits_per_component(8);
        xobject.color_space().device_gray();
        xobject.interpolate(false);
        xobject.finish();
    }
    Ok(pdf.finish())
}

/// The QR code of `code` as greyscale samples (black modules 0, light 255) with its quiet
/// zone, and the side of that square in samples.
fn qr_samples(code: &str) -> anyhow::Result<(usize, Vec<u8>)> {
    // Level M survives a creased or smudged printout and still fits a check-in code.
    let qr = QrCode::with_error_correction_level(code.as_bytes(), EcLevel::M)?;
    let width = qr.width();
    let side = width + 2 * QUIET_ZONE;
    let mut samples = vec![255_u8; side * side];
    for (index, color) in qr.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (row, column) = (index / width, index % width);
            samples[(row + QUIET_ZONE) * side + column + QUIET_ZONE] = 0;
        }
    }
    Ok((side, samples))
}

/// `text` in WinAnsi (Windows-1252) as the standard fonts read it: Latin-1 and ASCII as
/// they are (the two agree there), `?` for anything else.
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match u8::try_from(u32::from(c)) {
            Ok(byte) if (0x20..0x7f).contains(&byte) || byte >= 0xa0 => byte,
            _ => b'?',
        })
        .collect()
}

/// The page's content as it is laid out, top to bottom.
struct Page {
    content: Content,
    language: Language,
    /// The baseline of the next line.
    y: f32,
}

impl Page {
    fn new(language: Language) -> Page {
        Page {
            content: Content::new(),
            language,
            y: PAGE_HEIGHT - MARGIN - 10.0,
        }
    }

    fn label(&self, id: &str) -> String {
        text(self.language, id, None)
    }

    fn text_at(&mut self, font: Name<'_>, size: f32, x: f32, y: f32, line: &str) {
        self.content
            .begin_text()
            .set_font(font, size)
            .next_line(x, y)
            .show(Str(&win_ansi(line)))
            .end_text();
    }

    fn heading(&mut self, line: &str) {
        self.y -= 8.0;
        self.text_at(BOLD, 12.0, MARGIN, self.y, line);
        self.y -= LEADING + 3.0;
    }

    /// A label and its value, the value wrapped under itself where it is long.
    fn row(&mut self, label: &str, value: &str) {
        self.text_at(BOLD, SIZE, MARGIN, self.y, label);
        let lines = textwrap::wrap(value, VALUE_CHARS);
        for line in &lines {
            self.text_at(REGULAR, SIZE, VALUE_X, self.y, line);
            self.y -= LEADING;
        }
        if lines.is_empty() {
            self.y -= LEADING;
        }
    }

    /// A line of what was paid for: its label, and its amount in a column of its own.
    fn item(&mut self, font: Name<'_>, label: &str, amount: &str) {
        self.text_at(font, SIZE, MARGIN, self.y, label);
        self.text_at(font, SIZE, AMOUNT_X, self.y, amount);
        self.y -= LEADING;
    }

    fn write(&mut self, receipt: &ReceiptDto, with_qr: bool) {
        self.text_at(BOLD, 16.0, MARGIN, self.y, &receipt.title);
        self.y -= LEADING * 2.0;
        let not_given = self.label("receipt-not-given");
        self.row(&self.label("receipt-applicant"), &receipt.applicant_name);
        self.row(&self.label("receipt-application"), &receipt.application_id);

        self.heading(&self.label("receipt-payment"));
        let payment = &receipt.payment;
        self.row(&self.label("receipt-billing-code"), &payment.billing_code);
        self.row(
            &self.label("receipt-ntpn"),
            payment.ntpn.as_deref().unwrap_or(&not_given),
        );
        self.row(
            &self.label("receipt-channel"),
            payment.channel.as_deref().unwrap_or(&not_given),
        );
        self.row(&self.label("receipt-paid-at"), &payment.paid_at_text);

        self.heading(&self.label("receipt-items"));
        for item in &receipt.items {
            self.item(REGULAR, &item.label, &item.amount_text);
        }
        self.item(BOLD, &self.label("receipt-total"), &payment.amount_text);

        self.heading(&self.label("receipt-appointment"));
        match &receipt.appointment {
            Some(appointment) => {
                self.row(&self.label("receipt-office"), &appointment.office_name);
                self.row(&self.label("receipt-address"), &appointment.office_address);
                self.row(&self.label("receipt-time"), &appointment.text);
            }
            None => {
                let none = self.label("receipt-no-appointment");
                self.text_at(REGULAR, SIZE, MARGIN, self.y, &none);
                self.y -= LEADING;
            }
        }

        self.heading(&self.label("receipt-check-in"));
        if with_qr {
            // One image sample per module, scaled to `QR_SIDE` points.
            let bottom = self.y - QR_SIDE + LEADING;
            self.content
                .save_state()
                .transform([QR_SIDE, 0.0, 0.0, QR_SIDE, MARGIN, bottom])
                .x_object(QR_IMAGE)
                .restore_state();
            let hint = self.label("receipt-check-in-hint");
            let mut y = self.y;
            for line in textwrap::wrap(&hint, 60) {
                self.text_at(REGULAR, SIZE, MARGIN + QR_SIDE + 20.0, y, &line);
                y -= LEADING;
            }
            self.y = bottom - LEADING;
        } else {
            let none = self.label("receipt-no-check-in");
            for line in textwrap::wrap(&none, 95) {
                self.text_at(REGULAR, SIZE, MARGIN, self.y, &line);
                self.y -= LEADING;
            }
        }
        let footer = self.label("receipt-footer");
        self.text_at(REGULAR, 9.0, MARGIN, MARGIN, &footer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_keeps_latin_text_and_marks_the_rest() {
        assert_eq!(win_ansi("Rp650.000"), b"Rp650.000");
        assert_eq!(win_ansi("Andr\u{e9}"), b"Andr\xe9");
        assert_eq!(win_ansi("a\u{0}b\n"), b"a?b?");
        assert_eq!(win_ansi("\u{4e2d}"), b"?");
    }

    #[test]
    fn a_qr_code_has_its_quiet_zone_and_dark_modules() {
        let (side, samples) = qr_samples("djF8YWJj.c2ln").unwrap();
        assert_eq!(samples.len(), side * side);
        // The quiet zone is light; the finder pattern's corner is dark.
        assert!(samples[..side * QUIET_ZONE].iter().all(|&s| s == 255));
        assert_eq!(samples[QUIET_ZONE * side + QUIET_ZONE], 0);
    }
}
