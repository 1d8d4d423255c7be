package io.webappupgrade.report;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** A report parsed as XML (it must be well-formed), queried with XPath on element names. */
final class ReportXml {

    private final Document document;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private ReportXml(Document document) {
        this.document = document;
    }

    /** Parses {@code html}; fails the test when it is not well-formed XML. */
    static ReportXml parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Names are matched as written (svg, rect), without namespaces; no external entity is ever fetched.
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            return new ReportXml(factory.newDocumentBuilder().parse(new InputSource(new StringReader(html))));
        } catch (Exception e) {
            throw new AssertionError("the report is not well-formed XML: " + e.getMessage(), e);
        }
    }

    List<Element> all(String expression) {
        try {
            NodeList nodes = (NodeList) xpath.evaluate(expression, document, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(expression, e);
        }
    }

    Element one(String expression) {
        List<Element> found = all(expression);
        if (found.size() != 1) {
            throw new AssertionError("expected one element for " + expression + ", found " + found.size());
        }
        return found.get(0);
    }

    String text(String expression) {
        return one(expression).getTextContent();
    }

    static double number(Element e, String attribute) {
        return Double.parseDouble(e.getAttribute(attribute));
    }

    /** The element's own class list holds {@code name}. */
    static String hasClass(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }
}
