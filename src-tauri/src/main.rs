fn main() { bluehats_kiosk::main_entry(); }
