package org.stratacache.examples.petclinic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A pet, with its visits; cached like its owner. */
@Entity
@Table(name = "pets")
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Pet {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String name;
    private String type;
    private LocalDate birthDate;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Owner owner;

    @OneToMany(mappedBy = "pet", cascade = CascadeType.ALL)
    @OrderBy("visitDate")
    @Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
    private List<Visit> visits = new ArrayList<>();

    protected Pet() {
    }

    Pet(Owner owner, String name, String type, LocalDate birthDate) {
        this.owner = owner;
        this.name = name;
        this.type = type;
        this.birthDate = birthDate;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getType() {
        return type;
    }

    public LocalDate getBirthDate() {
        return birthDate;
    }

    public Owner getOwner() {
        return owner;
    }

    public List<Visit> getVisits() {
        return visits;
    }

    Visit addVisit(LocalDate date, String description) {
        Visit visit = new Visit(this, date, description);
        visits.add(visit);
        return visit;
    }
}
