package io.webappupgrade.manager;

/** 503 {@code maintenance_mode_active}: the manager is in maintenance mode and runs nothing. */
public class MaintenanceModeException extends ManagerException {

    public MaintenanceModeException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
