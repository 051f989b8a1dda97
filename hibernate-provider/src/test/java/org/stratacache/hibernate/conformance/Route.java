package org.stratacache.hibernate.conformance;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Cacheable;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** An owner with a composite id ({@code @IdClass}) and a cached element collection. */
@Entity
@Table(name = "cf_route")
@IdClass(Route.Key.class)
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Route {
    @Id
    String origin;
    @Id
    String destination;
    @ElementCollection
    @CollectionTable(name = "cf_route_stop")
    @OrderColumn(name = "position")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    List<String> stops = new ArrayList<>();

    protected Route() {
    }

    Route(String origin, String destination, String... stops) {
        this.origin = origin;
        this.destination = destination;
        this.stops.addAll(List.of(stops));
    }

    /** The composite key. */
    public record Key(String origin, String destination) implements Serializable {
    }
}
