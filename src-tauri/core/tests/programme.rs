use bluehats_core::programme::control::LiveAction;
use bluehats_core::programme::live::{screen, LiveState, Phase};
use bluehats_core::programme::org::parse_org;
use bluehats_core::programme::{BlockKind, Programme};
use super::DEFAULT_ORG as DEFAULT_PROGRAMME_ORG;

use bluehats_core::clock::VenueClock;
use bluehats_core::service::Kiosk;

use super::paris;

fn fixture() -> Programme {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/fixtures/bluehats-osx-2021/README.org"))
        .unwrap_or_else(|_| DEFAULT_PROGRAMME_ORG.to_string());
    in_room(parse_org(&text, "README.org", &bluehats_core::event_pack::default_event()).unwrap())
}

/// A programme file names no room: the default day's one.
fn in_room(mut p: Programme) -> Programme {
    for b in &mut p.blocks {
        b.room = "223M".into();
    }
    p
}

/// The default day in a kiosk whose clock staff set, as the organiser's screen drives it.
struct Day {
    k: Kiosk,
}

fn day_in(dir: &std::path::Path) -> Day {
    Day { k: Kiosk::new(bluehats_core::Store::open_dir(dir).unwrap(), VenueClock::Fixed { at: paris("08:00") }, None) }
}

impl Day {
    fn at(&self, hm: &str) {
        self.k.use_clock(VenueClock::Fixed { at: paris(hm) });
    }
    fn act(&self, hm: &str, a: LiveAction) -> Result<bluehats_core::programme::live::Screen, bluehats_core::KioskError> {
        self.at(hm);
        self.k.apply_live(None, &a)
    }
    fn screen(&self, hm: &str) -> Result<bluehats_core::programme::live::Screen, bluehats_core::KioskError> {
        self.at(hm);
        self.k.room_screen(None)
    }
    fn live(&self) -> Result<LiveState, bluehats_core::KioskError> {
        self.k.room_live(None)
    }
    fn save_programme(&mut self, p: &Programme) -> Result<bluehats_core::store::ProgrammeUpdate, bluehats_core::KioskError> {
        self.k.save_programme(p)
    }
    fn programme(&self) -> Result<Programme, bluehats_core::KioskError> {
        self.k.programme()
    }
}

fn store() -> (tempfile::TempDir, Day) {
    let dir = tempfile::tempdir().unwrap();
    let d = day_in(dir.path());
    (dir, d)
}

#[test]
fn the_fixture_has_ten_blocks_and_nineteen_talks() {
    let p = fixture();
    assert_eq!(p.blocks.len(), 10);
    assert_eq!(p.talk_count(), 19);
    let kinds: Vec<BlockKind> = p.blocks.iter().map(|b| b.kind).collect();
    use BlockKind::*;
    assert_eq!(kinds, vec![Welcome, Talks, Break, Panel, Break, Talks, Break, Talks, Break, Talks]);
    let counts: Vec<usize> = p.blocks.iter().map(|b| b.talks.len()).collect();
    assert_eq!(counts, vec![0, 4, 0, 2, 0, 6, 0, 5, 0, 2]);
    assert_eq!(p.blocks[1].title, "Présentations courtes du matin");
    assert!(p.blocks[1].talks[2].remote, "Esup-Pod is en visio");
    assert_eq!(p.blocks[5].talks[1].speakers[0].organisation.as_deref(), Some("INSEE"));
    assert_eq!(bluehats_core::event_pack::default_event().local_hm(p.blocks[9].ends), "17:30");
    // The embedded copy is the fixture.
    assert_eq!(in_room(parse_org(DEFAULT_PROGRAMME_ORG, "x", &bluehats_core::event_pack::default_event()).unwrap()), p);
}

#[test]
fn estimates_share_the_block_clamped_to_7_15_minutes() {
    let p = fixture();
    // 60 min / 4 talks = 15; 75 / 6 = 12; 60 / 2 = 30 → 15.
    assert_eq!(p.blocks[1].talk_minutes(&p.blocks[1].talks[0]), 15);
    assert_eq!(p.blocks[5].talk_minutes(&p.blocks[5].talks[0]), 12);
    assert_eq!(p.blocks[9].talk_minutes(&p.blocks[9].talks[0]), 15);
}

fn on_at(hm: &str, live: &LiveState) -> bluehats_core::programme::live::Screen {
    screen(&bluehats_core::event_pack::default_event(), &with_ids(fixture()), live, paris(hm))
}

fn with_ids(mut p: Programme) -> Programme {
    let mut id = 1;
    for (bi, b) in p.blocks.iter_mut().enumerate() {
        b.id = 100 + bi as i64;
        for t in &mut b.talks {
            t.id = id;
            id += 1;
        }
    }
    p
}

#[test]
fn the_clock_estimate_through_the_day() {
    let idle = LiveState::default();
    let s = on_at("08:30", &idle);
    assert_eq!(s.phase, Phase::Before);
    assert_eq!(s.next_block.unwrap().starts, "09:00");
    let s = on_at("09:10", &idle);
    assert_eq!((s.phase, s.block.unwrap().kind), (Phase::Between, BlockKind::Welcome));
    assert!(s.next.unwrap().title.contains("RocketChat"));
    // 10:05: the third talk of the morning (9:30, 9:45, 10:00).
    let s = on_at("10:05", &idle);
    let now = s.now.unwrap();
    assert!(now.title.contains("Esup-Pod"), "{}", now.title);
    assert_eq!((now.elapsed_minutes, now.remaining_minutes), (Some(5), Some(10)));
    assert!(s.next.unwrap().title.contains("PLUME"));
    // Block boundary: 10:30 is the coffee break, next is the panel at 11:00.
    let s = on_at("10:30", &idle);
    assert_eq!(s.phase, Phase::Between);
    assert_eq!(s.block.as_ref().unwrap().kind, BlockKind::Break);
    assert_eq!(s.next_block.unwrap().starts, "11:00");
    assert!(s.next.unwrap().title.contains("GouvTech"));
    // Panel block with two items of 15 minutes: at 11:40 the round table itself goes on,
    // shown as the block's own time until 12:00 — not as the last item 10 minutes over.
    let s = on_at("11:40", &idle);
    assert_eq!((s.phase, s.block.as_ref().unwrap().kind), (Phase::BlockTime, BlockKind::Panel));
    assert_eq!(s.block.as_ref().unwrap().ends, "12:00");
    assert!(s.block.unwrap().title.starts_with("Table ronde"));
    assert!(s.now.is_none(), "no talk shown over time");
    let s = on_at("17:45", &idle);
    assert_eq!(s.phase, Phase::After);
    assert!(s.now.is_none() && s.next.is_none());
}

#[test]
fn staff_actions_anchor_the_estimate_and_a_break_absorbs_the_delay() {
    let (_d, mut st) = store();
    st.save_programme(&fixture()).unwrap();
    // At 9:31 staff start the first talk, then 'next' at 9:50.
    let s = st.act("09:31", LiveAction::Start { talk_id: None }).unwrap();
    assert!(s.now.as_ref().unwrap().title.contains("RocketChat"));
    assert!(s.now.unwrap().confirmed);
    let s = st.act("09:50", LiveAction::Next).unwrap();
    assert!(s.now.unwrap().title.contains("Health Data Hub"));
    assert_eq!(s.next.as_ref().unwrap().starts, "10:05");
    // 20 minutes late: the rest of the block shifts.
    let s = st.act("09:52", LiveAction::Delay { minutes: 20 }).unwrap();
    assert_eq!(s.next.as_ref().unwrap().starts, "10:25");
    // The block now ends at 10:55 (Plume at 10:40 + 15): the break is cut short, the panel still starts at 11:00.
    let s = st.screen("10:56").unwrap();
    assert_eq!(s.block.unwrap().kind, BlockKind::Break);
    assert_eq!(s.next_block.unwrap().starts, "11:00");
    // A delay bigger than the break pushes the panel.
    st.act("09:53", LiveAction::Delay { minutes: 20 }).unwrap();
    let s = st.screen("11:02").unwrap();
    assert_eq!(s.block.unwrap().kind, BlockKind::Talks, "the morning block overruns into the panel's slot");
    assert_eq!(st.screen("11:20").unwrap().block.unwrap().starts, "11:15", "the panel starts when the morning ends");
    // Previous, end of block, and the announcement.
    let s = st.act("10:00", LiveAction::Prev).unwrap();
    assert!(s.now.unwrap().title.contains("RocketChat"));
    let s = st.act("10:20", LiveAction::EndBlock).unwrap();
    assert!(s.now.is_none());
    assert_eq!(s.next_block.unwrap().starts, "10:30");
    let s = st.act("10:21", LiveAction::Announce { text: "Salle 223M complète".into() }).unwrap();
    assert_eq!(s.announcement.as_deref(), Some("Salle 223M complète"));
    assert_eq!(st.act("10:22", LiveAction::Clear).unwrap().announcement, None);
}

#[test]
fn live_state_survives_a_restart_and_a_reimport_of_an_edited_programme() {
    let dir = tempfile::tempdir().unwrap();
    let mut st = day_in(dir.path());
    st.save_programme(&fixture()).unwrap();
    st.act("09:31", LiveAction::Start { talk_id: None }).unwrap();
    st.act("09:47", LiveAction::Next).unwrap();
    st.act("09:48", LiveAction::Delay { minutes: 5 }).unwrap();
    drop(st);
    let mut st = day_in(dir.path());
    let live = st.live().unwrap();
    assert_eq!(live.delay_minutes, 5);
    let on = live.talk_id.unwrap();
    // The eve's edit: one talk withdrawn, two swapped.
    let edited = DEFAULT_PROGRAMME_ORG
        .replace("  - La démarche [[https://www.health-data-hub.fr/open-source][open source]] du Health Data Hub, Lorien Benda\n", "")
        .replace(
            "  - Logiciels et ressources éducatives libres, Alexis Kauffmann\n",
            "  - Logiciels et ressources éducatives libres (édition revue), Alexis Kauffmann\n",
        );
    let p = in_room(parse_org(&edited, "README.org", &bluehats_core::event_pack::default_event()).unwrap());
    let up = st.save_programme(&p).unwrap();
    // One withdrawn, one renamed in place: not "1 new, 2 removed".
    assert_eq!((up.talks, up.removed, up.added, up.renamed), (18, 1, 0, 1));
    // The live talk was the withdrawn one: the live talk is cleared, the delay stays.
    assert!(st.programme().unwrap().find_talk(on).is_none());
    assert_eq!(st.live().unwrap().delay_minutes, 5);
}

#[test]
fn reimport_keeps_the_live_talk() {
    let (_d, mut st) = store();
    st.save_programme(&fixture()).unwrap();
    st.act("09:31", LiveAction::Start { talk_id: None }).unwrap();
    let on = st.live().unwrap().talk_id.unwrap();
    st.save_programme(&fixture()).unwrap();
    assert_eq!(st.live().unwrap().talk_id, Some(on));
    assert!(st.screen("09:35").unwrap().now.unwrap().confirmed);
}

#[test]
fn a_dst_change_day_keeps_local_times() {
    // 31 October 2021: Paris goes from UTC+2 to UTC+1 at 3:00.
    let mut e = bluehats_core::event_pack::default_event();
    e.first_day = chrono::NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
    let p = parse_org("- *1h-4h* : /Nuit/\n  - Un exposé, Zoé Lavoûte\n- *9h-10h* : /Matin/\n  - Autre, Rémi Déodat\n", "dst.org", &e).unwrap();
    assert_eq!(e.local_hm(p.blocks[0].starts), "01:00");
    assert_eq!(e.local_hm(p.blocks[0].ends), "04:00");
    assert_eq!((p.blocks[0].ends - p.blocks[0].starts).num_hours(), 4, "the night has an extra hour");
    assert_eq!(e.local_hm(p.blocks[1].starts), "09:00");
}

#[test]
fn an_empty_block_and_a_bad_file_leave_the_programme_as_it_was() {
    let (_d, mut st) = store();
    st.save_programme(&fixture()).unwrap();
    let e = parse_org("nothing here\n", "vide.org", &bluehats_core::event_pack::default_event()).unwrap_err();
    assert!(e.to_string().contains("vide.org"));
    assert_eq!(st.programme().unwrap().talk_count(), 19);
}

#[test]
fn the_signage_tells_the_truth_about_the_room() {
    let idle = LiveState::default();
    // 10:28: the next thing in the room is the coffee break at 10:30, not the 11:00 talk.
    let s = on_at("10:28", &idle);
    let up = s.up_next.unwrap();
    assert_eq!((up.kind, up.starts.as_str(), up.talk.is_none()), (BlockKind::Break, "10:30", true));
    assert!(up.title.contains("Pause"));
    // 17:25: the last block's open discussion, until 17:30 — SourceHut is not 25 min over.
    let s = on_at("17:25", &idle);
    assert_eq!(s.phase, Phase::BlockTime);
    let b = s.block.unwrap();
    assert_eq!((b.title.as_str(), b.ends.as_str()), ("Dernières présentations et discussion ouverte", "17:30"));
    assert!(s.now.is_none());
    // During the welcome nothing has started: the signage says "starts at", not "resumes at".
    let s = on_at("09:10", &idle);
    assert!(!s.started);
    assert_eq!(s.up_next.unwrap().starts, "09:30");
    assert!(on_at("10:40", &idle).started);
}

#[test]
fn an_overrun_is_only_a_real_one() {
    let (_d, mut st) = store();
    st.save_programme(&fixture()).unwrap();
    // Staff start the round table's second item at 11:15; at 11:40 it is past its 15 minutes
    // but it is the last item: it has until 12:00, no overrun.
    let p = st.programme().unwrap();
    let second = p.blocks[3].talks[1].id;
    st.act("11:15", LiveAction::Start { talk_id: Some(second) }).unwrap();
    let s = st.screen("11:40").unwrap();
    let now = s.now.unwrap();
    assert_eq!((now.overrun_minutes, now.remaining_minutes), (None, Some(20)));
    // Started late, it runs past the block's end (12:00): that is an overrun.
    st.act("11:50", LiveAction::Start { talk_id: Some(second) }).unwrap();
    assert_eq!(st.screen("12:03").unwrap().now.unwrap().overrun_minutes, Some(3));
    // With another talk waiting, past its own estimate is an overrun.
    let first_pm = p.blocks[5].talks[0].id;
    st.act("13:30", LiveAction::Start { talk_id: Some(first_pm) }).unwrap();
    assert_eq!(st.screen("13:45").unwrap().now.unwrap().overrun_minutes, Some(3), "12-minute slot, 15 minutes in");
    // End of block at 9:35: what comes next and when (the coffee break at 10:30).
    let (_d2, mut st2) = store();
    st2.save_programme(&fixture()).unwrap();
    st2.act("09:31", LiveAction::Start { talk_id: None }).unwrap();
    let s = st2.act("09:35", LiveAction::EndBlock).unwrap();
    assert_eq!(s.phase, Phase::Between);
    assert_eq!(s.up_next.unwrap().starts, "10:30");
    // Room full: a state of its own, nothing hidden.
    let s = st2.act("09:40", LiveAction::RoomFull { full: true }).unwrap();
    assert!(s.room_full && s.announcement.is_none());
}

#[test]
fn a_renamed_talk_is_renamed_not_new_and_removed() {
    let (_d, mut st) = store();
    st.save_programme(&fixture()).unwrap();
    let esup = st.programme().unwrap().blocks[1].talks[2].id;
    st.act("10:00", LiveAction::Start { talk_id: Some(esup) }).unwrap();
    let mut p = fixture();
    p.blocks[1].talks[2].title = "Esup-Pod, la vidéo pour l'enseignement".into();
    let up = st.save_programme(&p).unwrap();
    assert_eq!((up.added, up.removed, up.renamed), (0, 0, 1));
    let s = st.screen("10:05").unwrap();
    assert_eq!(s.now.unwrap().title, "Esup-Pod, la vidéo pour l'enseignement", "the live talk kept, under its new title");
}
