package org.stratacache.hibernate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.CachedDomainDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.MappingMetamodel;
import org.stratacache.core.invalidation.TableTags;

/**
 * Which tables each cached entity, collection and natural-id region reads, and which query spaces name each
 * table, read once from Hibernate's metamodel (when the first session opens: the metamodel is complete by then).
 *
 * <ul>
 *   <li>An entity (and its natural ids) reads the tables Hibernate lists as its property and query spaces: its
 *       own table, secondary tables, the tables of its superclasses and subclasses in the region's hierarchy,
 *       and tables named by {@code @Synchronize}.</li>
 *   <li>A collection reads its collection spaces: the collection or join table, or, for a one-to-many, the
 *       element's table.</li>
 * </ul>
 * Tables are bare lower-case names ({@link TableTags#table}); the spaces keep Hibernate's spelling, which is
 * what the update-timestamps region is keyed by.
 */
final class TableIndex {
    private final Map<String, List<DomainStorage>> storagesByTable;
    private final Map<DomainStorage, Set<String>> tablesByStorage;
    private final Map<String, Set<String>> spacesByTable;

    private TableIndex(Map<String, List<DomainStorage>> storagesByTable, Map<DomainStorage, Set<String>> tablesByStorage,
                       Map<String, Set<String>> spacesByTable) {
        this.storagesByTable = storagesByTable;
        this.tablesByStorage = tablesByStorage;
        this.spacesByTable = spacesByTable;
    }

    static TableIndex of(SessionFactoryImplementor factory) {
        Map<String, List<DomainStorage>> storagesByTable = new HashMap<>();
        Map<DomainStorage, Set<String>> tablesByStorage = new IdentityHashMap<>();
        Map<String, Set<String>> spacesByTable = new HashMap<>();
        MappingMetamodel metamodel = factory.getMappingMetamodel();
        metamodel.forEachEntityDescriptor(persister -> {
            List<String> spaces = new ArrayList<>();
            add(spaces, persister.getPropertySpaces());
            add(spaces, persister.getQuerySpaces());
            index(spaces, spacesByTable);
            link(storage(persister.getCacheAccessStrategy()), spaces, storagesByTable, tablesByStorage);
            link(storage(persister.getNaturalIdCacheAccessStrategy()), spaces, storagesByTable, tablesByStorage);
        });
        metamodel.forEachCollectionDescriptor(persister -> {
            List<String> spaces = new ArrayList<>();
            add(spaces, persister.getCollectionSpaces());
            index(spaces, spacesByTable);
            link(storage(persister.getCacheAccessStrategy()), spaces, storagesByTable, tablesByStorage);
        });
        return new TableIndex(storagesByTable, tablesByStorage, spacesByTable);
    }

    /** The regions whose entries read {@code table}. */
    List<DomainStorage> storagesReading(String table) {
        return storagesByTable.getOrDefault(table, List.of());
    }

    /** The tables the entries of a region read; empty for a region no persister uses. */
    Set<String> tablesOf(DomainStorage storage) {
        return tablesByStorage.getOrDefault(storage, Set.of());
    }

    /** Hibernate's spellings of {@code table} as a query space. */
    Set<String> spacesOf(String table) {
        return spacesByTable.getOrDefault(table, Set.of());
    }

    /** Every query space the metamodel names. */
    Set<String> allSpaces() {
        Set<String> all = new LinkedHashSet<>();
        spacesByTable.values().forEach(all::addAll);
        return all;
    }

    private static DomainStorage storage(CachedDomainDataAccess access) {
        DomainDataRegion region = access == null ? null : access.getRegion();
        return region instanceof StrataDomainDataRegion strata ? strata.storage() : null;
    }

    private static void add(List<String> into, Serializable[] spaces) {
        if (spaces != null) {
            for (Serializable space : spaces) {
                if (space != null) {
                    into.add(space.toString());
                }
            }
        }
    }

    private static void index(List<String> spaces, Map<String, Set<String>> spacesByTable) {
        for (String space : spaces) {
            spacesByTable.computeIfAbsent(TableTags.table(space), t -> new LinkedHashSet<>()).add(space);
        }
    }

    private static void link(DomainStorage storage, List<String> spaces, Map<String, List<DomainStorage>> byTable,
                             Map<DomainStorage, Set<String>> byStorage) {
        if (storage == null) {
            return;
        }
        Set<String> tables = byStorage.computeIfAbsent(storage, s -> new LinkedHashSet<>());
        for (String space : spaces) {
            String table = TableTags.table(space);
            if (tables.add(table)) {
                byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(storage);
            }
        }
    }
}
