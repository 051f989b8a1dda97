package org.stratacache.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code strata-bom} ({@code bom/pom.xml}) manages every published module of the reactor, at the project's
 * version, and nothing else; it has no parent (an application importing it must not get the build's own pins).
 * A module is published unless its pom sets {@code maven.deploy.skip} (tests, benchmarks, examples). Reads the
 * poms from the checkout: this module sits beside them.
 */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String GROUP = "org.stratacache";

    @Test
    void bom_managesEveryPublishedModule_atTheProjectVersion() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        List<String> modules = texts(child(parent.getDocumentElement(), "modules"), "module");
        assertThat(modules).as("the BOM is built first").startsWith("bom");

        List<String> published = new ArrayList<>();
        for (String module : modules) {
            Element pom = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            if (!module.equals("bom") && !deploySkipped(pom)) {
                published.add(text(pom, "artifactId"));
            }
        }

        Element bom = read(ROOT.resolve("bom/pom.xml")).getDocumentElement();
        assertThat(child(bom, "parent")).as("the BOM has no parent").isNull();
        assertThat(text(bom, "artifactId")).isEqualTo("strata-bom");
        assertThat(text(bom, "packaging")).isEqualTo("pom");
        assertThat(text(bom, "version")).isEqualTo(text(parent.getDocumentElement(), "version"));

        Map<String, String> managed = new TreeMap<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertThat(text(dependency, "groupId")).isEqualTo(GROUP);
            managed.put(text(dependency, "artifactId"), text(dependency, "version"));
        }
        assertThat(managed.keySet()).containsExactlyInAnyOrderElementsOf(published);
        assertThat(managed).allSatisfy((artifact, version) -> assertThat(version).isEqualTo("${project.version}"));
        assertThat(published).contains("strata-core", "strata-jdbc", "strata-hibernate", "strata-micrometer",
                "strata-spring-boot-starter").doesNotContain("strata-spring-boot-tests", "strata-benchmarks");
    }

    private static boolean deploySkipped(Element pom) {
        Element properties = child(pom, "properties");
        return properties != null && "true".equals(text(properties, "maven.deploy.skip"));
    }

    private static Document read(Path pom) throws Exception {
        assertThat(pom).exists();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(pom)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    /** The direct child element named {@code name}, or null. */
    private static Element child(Element parent, String name) {
        return parent == null ? null : children(parent, name).stream().findFirst().orElse(null);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? null : element.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
