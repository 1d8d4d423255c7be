package io.webappupgrade.agent;

public final class Main {
    public static void main(String[] args) {
        System.out.println("webapp-upgrade");
    }
}
