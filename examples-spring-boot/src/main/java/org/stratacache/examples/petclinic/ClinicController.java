package org.stratacache.examples.petclinic;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NoSuchElementException;

import javax.sql.DataSource;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.view.RedirectView;
import org.stratacache.core.RegionStats;
import org.stratacache.core.RegionStore;
import org.stratacache.jdbc.JdbcStats;
import org.stratacache.jdbc.StrataDataSource;

/**
 * The clinic's pages, plain HTML written here (no template engine to download). Every form posts, then redirects
 * to the owner's page (post/redirect/get), which reads the owner again: the page after a write shows what a read
 * returns right after it, marked as such, and the footer shows the hits of both caches.
 */
@RestController
class ClinicController {
    private final Clinic clinic;
    private final RegionStore store;
    private final DataSource dataSource;

    ClinicController(Clinic clinic, RegionStore store, DataSource dataSource) {
        this.clinic = clinic;
        this.store = store;
        this.dataSource = dataSource;
    }

    @GetMapping("/")
    RedirectView home() {
        return new RedirectView("/owners");
    }

    @GetMapping(value = "/owners", produces = MediaType.TEXT_HTML_VALUE)
    String owners() {
        StringBuilder html = page("Owners");
        html.append("<table><tr><th>Name</th><th>City</th><th>Telephone</th></tr>");
        for (Clinic.OwnerView owner : clinic.owners()) {
            html.append("<tr><td><a href=\"/owners/").append(owner.id()).append("\">").append(esc(owner.name()))
                    .append("</a></td><td>").append(esc(owner.city())).append("</td><td>")
                    .append(esc(owner.telephone())).append("</td></tr>");
        }
        html.append("</table><h2>Owners per city (SQL, cached by Strata's JDBC layer)</h2><table>");
        for (Map<String, Object> row : clinic.ownersPerCity()) {
            html.append("<tr><td>").append(esc(String.valueOf(row.get("city")))).append("</td><td>")
                    .append(row.get("owners")).append("</td></tr>");
        }
        html.append("</table><h2>New owner</h2><form method=\"post\" action=\"/owners\">")
                .append(ownerFields(null)).append("<button>Add owner</button></form>");
        return end(html);
    }

    @GetMapping(value = "/owners/{id}", produces = MediaType.TEXT_HTML_VALUE)
    String owner(@PathVariable("id") long id, @RequestParam(name = "saved", required = false) String saved) {
        Clinic.OwnerView owner = clinic.owner(id);
        StringBuilder html = page(owner.name());
        if (saved != null) {
            html.append("<p class=\"saved\">Saved: ").append(esc(saved)).append(". Read again after the write at ")
                    .append(LocalTime.now().truncatedTo(ChronoUnit.MILLIS)).append(": the values below are what a "
                            + "read returns now.</p>");
        }
        html.append("<dl><dt>Name</dt><dd id=\"name\">").append(esc(owner.name())).append("</dd><dt>City</dt>")
                .append("<dd id=\"city\">").append(esc(owner.city())).append("</dd><dt>Telephone</dt>")
                .append("<dd id=\"telephone\">").append(esc(owner.telephone())).append("</dd></dl>");
        html.append("<h2>Edit</h2><form method=\"post\" action=\"/owners/").append(id).append("\">")
                .append(ownerFields(owner)).append("<button>Save</button></form>");
        html.append("<h2>Pets</h2>");
        for (Clinic.PetView pet : owner.pets()) {
            html.append("<h3>").append(esc(pet.name())).append(" (").append(esc(pet.type())).append(", born ")
                    .append(pet.birthDate()).append(")</h3><ul>");
            for (Clinic.VisitView visit : pet.visits()) {
                html.append("<li>").append(visit.date()).append(": ").append(esc(visit.description())).append("</li>");
            }
            html.append("</ul><form method=\"post\" action=\"/owners/").append(id).append("/pets/").append(pet.id())
                    .append("/visits\"><input name=\"date\" type=\"date\" value=\"").append(LocalDate.now())
                    .append("\"> <input name=\"description\" placeholder=\"description\" required> ")
                    .append("<button>Add visit</button></form>");
        }
        html.append("<h2>New pet</h2><form method=\"post\" action=\"/owners/").append(id).append("/pets\">")
                .append("<input name=\"name\" placeholder=\"name\" required> <input name=\"type\" placeholder=\"type\" "
                        + "required> <input name=\"birthDate\" type=\"date\" required> <button>Add pet</button></form>")
                .append("<p><a href=\"/owners\">All owners</a></p>");
        return end(html);
    }

    @PostMapping("/owners")
    RedirectView addOwner(@RequestParam("firstName") String firstName, @RequestParam("lastName") String lastName,
                          @RequestParam("city") String city, @RequestParam("telephone") String telephone) {
        long id = clinic.addOwner(firstName, lastName, city, telephone);
        return saved(id, "new owner " + firstName + " " + lastName);
    }

    @PostMapping("/owners/{id}")
    RedirectView updateOwner(@PathVariable("id") long id, @RequestParam("firstName") String firstName,
                             @RequestParam("lastName") String lastName, @RequestParam("city") String city,
                             @RequestParam("telephone") String telephone) {
        clinic.updateOwner(id, firstName, lastName, city, telephone);
        return saved(id, firstName + " " + lastName + ", " + city + ", " + telephone);
    }

    @PostMapping("/owners/{id}/pets")
    RedirectView addPet(@PathVariable("id") long id, @RequestParam("name") String name,
                        @RequestParam("type") String type, @RequestParam("birthDate") LocalDate birthDate) {
        clinic.addPet(id, name, type, birthDate);
        return saved(id, "new pet " + name);
    }

    @PostMapping("/owners/{id}/pets/{petId}/visits")
    RedirectView addVisit(@PathVariable("id") long id, @PathVariable("petId") long petId,
                          @RequestParam("date") LocalDate date, @RequestParam("description") String description) {
        clinic.addVisit(id, petId, date, description);
        return saved(id, "visit on " + date + ": " + description);
    }

    @ExceptionHandler(NoSuchElementException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(NoSuchElementException e) {
        return esc(e.getMessage());
    }

    private static RedirectView saved(long id, String what) {
        RedirectView view = new RedirectView("/owners/" + id);
        view.getAttributesMap().put("saved", what);
        return view;
    }

    private static String ownerFields(Clinic.OwnerView owner) {
        StringBuilder fields = new StringBuilder();
        String[][] rows = {{"firstName", owner == null ? "" : owner.firstName()},
                {"lastName", owner == null ? "" : owner.lastName()}, {"city", owner == null ? "" : owner.city()},
                {"telephone", owner == null ? "" : owner.telephone()}};
        for (String[] row : rows) {
            fields.append("<input name=\"").append(row[0]).append("\" placeholder=\"").append(row[0])
                    .append("\" value=\"").append(esc(row[1])).append("\" required> ");
        }
        return fields.toString();
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append(" · Strata pet clinic</title><style>body{font-family:sans-serif;"
                        + "margin:2em}td,th{padding:.2em .8em;text-align:left}.saved{background:#dfd;padding:.5em}"
                        + "footer{margin-top:2em;color:#555}</style></head><body><h1>").append(esc(title))
                .append("</h1>");
    }

    /** The footer: hits and misses of Hibernate's regions and of the JDBC result cache, read now. */
    private String end(StringBuilder html) {
        long hits = 0;
        long misses = 0;
        for (RegionStats region : store.stats().values()) {
            hits += region.hits();
            misses += region.misses();
        }
        html.append("<footer>Strata store '").append(esc(store.name())).append("' (").append(esc(store.tierName()))
                .append(" tier): cache hits <span id=\"hits\">").append(hits).append("</span>, misses ")
                .append(misses);
        if (dataSource instanceof StrataDataSource strata) {
            JdbcStats jdbc = strata.statistics();
            html.append("; JDBC results: hits <span id=\"jdbc-hits\">").append(jdbc.hits()).append("</span>, misses ")
                    .append(jdbc.misses());
        }
        html.append(". Meters: <a href=\"/actuator/metrics\">/actuator/metrics</a> (strata.*), health: ")
                .append("<a href=\"/actuator/health/strata\">/actuator/health/strata</a>.</footer></body></html>");
        return html.toString();
    }

    private static String esc(String text) {
        return text == null ? "" : htmlEscape(text);
    }
}
