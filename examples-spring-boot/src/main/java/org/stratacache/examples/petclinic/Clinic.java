package org.stratacache.examples.petclinic;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The clinic's reads and writes. Entities are read through JPA (Hibernate's second-level cache on Strata: a
 * repeated {@code find} is served from the cache, the owner list from the query cache); the owners-per-city
 * summary is plain SQL through the wrapped DataSource (Strata's JDBC result cache). Writes go through JPA, and
 * both caches learn of them: the next read is fresh.
 *
 * <p>Reads return immutable views, filled inside the transaction (the application runs with
 * {@code spring.jpa.open-in-view=false}, so the pages touch no lazy entity).
 */
@Service
public class Clinic {
    @PersistenceContext
    private EntityManager entities;
    private final JdbcTemplate jdbc;

    public Clinic(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An owner as a page shows it. */
    public record OwnerView(long id, String firstName, String lastName, String city, String telephone,
                            List<PetView> pets) {
        public String name() {
            return firstName + " " + lastName;
        }
    }

    /** A pet and its visits. */
    public record PetView(long id, String name, String type, LocalDate birthDate, List<VisitView> visits) {
    }

    /** A visit. */
    public record VisitView(LocalDate date, String description) {
    }

    @Transactional(readOnly = true)
    public List<OwnerView> owners() {
        return entities.createQuery("select o from Owner o order by o.lastName, o.firstName, o.id", Owner.class)
                .setHint("org.hibernate.cacheable", true)
                .getResultList().stream().map(o -> view(o, false)).toList();
    }

    @Transactional(readOnly = true)
    public OwnerView owner(long id) {
        return view(find(id), true);
    }

    /** Owners per city, by SQL: a result Strata's JDBC layer caches until a write to {@code owners}. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> ownersPerCity() {
        return jdbc.queryForList("select city, count(*) as owners from owners group by city order by city");
    }

    @Transactional
    public long addOwner(String firstName, String lastName, String city, String telephone) {
        Owner owner = new Owner(firstName, lastName, city, telephone);
        entities.persist(owner);
        return owner.getId();
    }

    @Transactional
    public void updateOwner(long id, String firstName, String lastName, String city, String telephone) {
        find(id).update(firstName, lastName, city, telephone);
    }

    @Transactional
    public void addPet(long ownerId, String name, String type, LocalDate birthDate) {
        entities.persist(find(ownerId).addPet(name, type, birthDate));
    }

    @Transactional
    public void addVisit(long ownerId, long petId, LocalDate date, String description) {
        Pet pet = find(ownerId).getPets().stream().filter(p -> p.getId() == petId).findFirst()
                .orElseThrow(() -> new NoSuchElementException("owner " + ownerId + " has no pet " + petId));
        entities.persist(pet.addVisit(date, description));
    }

    @Transactional(readOnly = true)
    public long ownerCount() {
        return entities.createQuery("select count(o) from Owner o", Long.class).getSingleResult();
    }

    private Owner find(long id) {
        Owner owner = entities.find(Owner.class, id);
        if (owner == null) {
            throw new NoSuchElementException("no owner " + id);
        }
        return owner;
    }

    private static OwnerView view(Owner o, boolean withPets) {
        List<PetView> pets = !withPets ? List.of() : o.getPets().stream()
                .map(p -> new PetView(p.getId(), p.getName(), p.getType(), p.getBirthDate(),
                        p.getVisits().stream().map(v -> new VisitView(v.getVisitDate(), v.getDescription())).toList()))
                .toList();
        return new OwnerView(o.getId(), o.getFirstName(), o.getLastName(), o.getCity(), o.getTelephone(), pets);
    }
}
