package io.webappupgrade.manager;

/** 400 {@code existing_running_execution_error}: another execution is active on the deployment. */
public class ExistingRunningExecutionException extends ManagerException {

    public ExistingRunningExecutionException(String message, int status, String errorCode) {
        super(message, status, errorCode);
    }
}
