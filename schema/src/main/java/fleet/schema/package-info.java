/**
 * fleet's HTTP API v1 on the wire: one record per JSON entity, shared by fleetd (which writes them)
 * and fleetctl (which reads them and writes {@link fleet.schema.UnitEntity} as a PUT body), as
 * fleet's own {@code schema/} package was. Field names are fleet's exactly; empty fields are left
 * out as fleet's generated Go types did ({@code omitempty}), except where a type says otherwise.
 * Records only, with Jackson annotations: no behaviour, no dependency on the rest of fleet.
 */
package fleet.schema;
