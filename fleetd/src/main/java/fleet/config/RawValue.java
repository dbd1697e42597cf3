package fleet.config;

/** One option's unparsed text and where it came from ("fleet.conf:7", "environment variable FLEET_X"). */
record RawValue(String option, String value, String origin) {}
