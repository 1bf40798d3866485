//! `paspor-loadgen <scenario> [--name value ...]`: runs one benchmark scenario against
//! running servers and prints one JSON object per result line. See `bench/run.sh`.
//!
//! Scenarios: `plain --url U`, `reads`, `storm [--storm-connections N]`,
//! `rush [--accounts N --clients N --places N] --admin-email E --admin-password P`, `mixed`,
//! `double-tap [--accounts N --taps N --clients N --places N] --admin-email E
//! --admin-password P`, `release-day [--accounts N --offices N --window-seconds N]
//! --release-weekday D --database-url U --admin-email E --admin-password P` (a system admin).
//! Common: `--bases URL[,URL...] --mail-file F --from YYYY-MM-DD --to YYYY-MM-DD
//! --connections N --seconds N --tag T`.

mod api;
mod database;
mod load;
mod release_day;
mod release_offices;
mod scenarios;
mod stats;

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use scenarios::Setting;

fn options(args: &[String]) -> anyhow::Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    let mut args = args.iter();
    while let Some(name) = args.next() {
        let name = name
            .strip_prefix("--")
            .with_context(|| format!("expected --name, got {name}"))?;
        let value = args
            .next()
            .with_context(|| format!("--{name} needs a value"))?;
        out.insert(name.to_owned(), value.clone());
    }
    Ok(out)
}

fn number(options: &HashMap<String, String>, name: &str, default: usize) -> anyhow::Result<usize> {
    options.get(name).map_or(Ok(default), |v| {
        v.parse().with_context(|| format!("--{name}"))
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scenario = args
        .first()
        .context("which scenario? plain, reads, storm, rush, mixed, double-tap, release-day")?;
    let options = options(&args[1..])?;
    let text = |name: &str| options.get(name).cloned().unwrap_or_default();
    let setting = Setting {
        bases: text("bases")
            .split(',')
            .filter(|b| !b.is_empty())
            .map(str::to_owned)
            .collect(),
        mail_file: text("mail-file").into(),
        from: text("from"),
        to: text("to"),
        connections: number(&options, "connections", 64)?,
        duration: Duration::from_secs(number(&options, "seconds", 15)? as u64),
        tag: options
            .get("tag")
            .cloned()
            .unwrap_or_else(|| "bench".to_owned()),
    };
    let lines = match scenario.as_str() {
        "plain" => vec![scenarios::plain(&setting, &text("name"), &text("url")).await?],
        "reads" => scenarios::reads(&setting).await?,
        "storm" => scenarios::storm(&setting, number(&options, "storm-connections", 64)?).await?,
        "rush" => vec![
            scenarios::rush(
                &setting,
                number(&options, "accounts", 2000)?,
                number(&options, "clients", 500)?,
                u32::try_from(number(&options, "places", 100)?)?,
                (&text("admin-email"), &text("admin-password")),
            )
            .await?,
        ],
        "mixed" => vec![scenarios::mixed(&setting).await?],
        "double-tap" => vec![
            scenarios::double_tap(
                &setting,
                number(&options, "accounts", 200)?,
                number(&options, "taps", 4)?,
                number(&options, "clients", 500)?,
                u32::try_from(number(&options, "places", 100)?)?,
                (&text("admin-email"), &text("admin-password")),
            )
            .await?,
        ],
        "release-day" => {
            let plan = release_day::Plan {
                accounts: number(&options, "accounts", 4000)?,
                offices: number(&options, "offices", 20)?,
                window: Duration::from_secs(number(&options, "window-seconds", 60)? as u64),
                release_weekday: u32::try_from(number(&options, "release-weekday", 5)?)?,
                admin: (&text("admin-email"), &text("admin-password")),
                database_url: &text("database-url"),
            };
            release_day::release_day(&setting, &plan).await?
        }
        other => anyhow::bail!("unknown scenario {other}"),
    };
    for line in lines {
        println!("{line}");
    }
    Ok(())
}
