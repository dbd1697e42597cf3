/** systemd unit files: parsing, serialization, hashing and unit names. Pure; no I/O. */
package fleet.unit;
