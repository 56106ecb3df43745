package org.kaphub.delivery.outbox;

/**
 * One delivery to write: a committed version of a record for one entitled partner.
 *
 * @param rank its place among the rows of one write group: a patient before its records, a score after the response
 *             it is derived from (see {@link OutboxWriter})
 */
record OutboxRow(String partnerId, String orderKey, String resourceType, String resourceId, long version,
                 Operation operation, boolean part2, int rank) {

    enum Operation { CREATE, UPDATE, DELETE }

    boolean sameDelivery(OutboxRow other) {
        return partnerId.equals(other.partnerId) && resourceType.equals(other.resourceType) && resourceId.equals(other.resourceId);
    }
}
